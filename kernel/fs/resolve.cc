#include "kernel/fs/resolve.h"

#include "kernel/fs/names.h"

namespace akuma::fs {
namespace {

// A path still to walk: the caller's, or the target of a symlink met on the
// way (stored in the tree, so it outlives the walk).
struct Segment {
  const char* text;
  size_t length;
  size_t position;  // next byte to read
};

bool only_slashes_left(const Segment& s) {
  for (size_t i = s.position; i < s.length; ++i) {
    if (s.text[i] != '/') return false;
  }
  return true;
}

}  // namespace

// Walks one component at a time. A symlink to follow pushes its target on a
// stack of segments, so the walk continues through the target and then with
// the rest of the path that named it; each follow pushes at most one
// segment, so kMaxSymlinkFollows + 1 segments suffice.
//
// The last component is the one after which every segment holds only
// slashes; if any slash remains (a trailing slash, in the path or in a
// symlink's target), the result must be a directory and a symlink there is
// followed whatever follow_last says (as Linux does).
Result<Node*> resolve_path(Node* root, Node* start, const char* path, size_t length, Follow follow_last,
                           const Caller* caller) {
  if (length >= kPathMax) return Error::kNameTooLong;
  if (length == 0) return Error::kNotFound;

  Segment stack[kMaxSymlinkFollows + 1];
  size_t depth = 0;
  stack[depth++] = {path, length, 0};
  size_t follows = 0;
  bool must_be_directory = false;
  Node* current = path[0] == '/' ? root : start;

  for (;;) {
    while (depth > 0 && only_slashes_left(stack[depth - 1])) --depth;
    if (depth == 0) break;

    Segment& segment = stack[depth - 1];
    while (segment.text[segment.position] == '/') ++segment.position;
    const char* name = segment.text + segment.position;
    size_t name_length = 0;
    while (segment.position + name_length < segment.length && name[name_length] != '/') ++name_length;
    segment.position += name_length;

    bool last = true;
    bool trailing_slash = false;
    for (size_t i = 0; i < depth; ++i) {
      if (!only_slashes_left(stack[i])) last = false;
      else if (stack[i].position < stack[i].length) trailing_slash = true;
    }
    if (last) must_be_directory = trailing_slash;

    if (!is_directory(current)) return Error::kNotDirectory;
    if (is_dot(name, name_length)) continue;
    if (is_dot_dot(name, name_length)) {
      current = current->parent;  // the root is its own parent
      continue;
    }
    Node* next = TRY(lookup(current, name, name_length, caller));
    bool follow = !last || follow_last == Follow::kYes || trailing_slash;
    if (next->kind != NodeKind::kSymlink || !follow) {
      current = next;
      continue;
    }
    if (++follows > kMaxSymlinkFollows) return Error::kSymlinkLoop;
    if (next->ops) {
      current = TRY(next->ops->follow(next, caller));
      continue;
    }
    if (next->size == 0) return Error::kNotFound;
    stack[depth++] = {next->target, static_cast<size_t>(next->size), 0};
    if (next->target[0] == '/') current = root;
    // A relative target starts from the directory holding the link: current.
  }

  if (must_be_directory && !is_directory(current)) return Error::kNotDirectory;
  return current;
}

Result<const Node*> Tree::resolve(const Node* start, const char* path, size_t length, Follow follow_last,
                                  const Caller* caller) const {
  if (!root_) return Error::kNotFound;
  Node* from = start ? const_cast<Node*>(start) : root_;
  Node* found = TRY(resolve_path(root_, from, path, length, follow_last, caller));
  return static_cast<const Node*>(found);
}

}  // namespace akuma::fs
