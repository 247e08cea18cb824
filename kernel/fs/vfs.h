// The read-only file system: a tree of nodes unpacked from an initramfs
// (a newc cpio archive), and path resolution over it.
//
//   fs::Tree tree;
//   TRY(tree.unpack(initrd, initrd_size, page_source));
//   const fs::Node* exe = TRY(tree.resolve(cwd, "/bin/ls", 7, fs::Follow::kYes));
//   size_t n = TRY(fs::read(exe, 0, buffer, sizeof buffer));
//
// Every page the tree holds (file contents, nodes, names, directory tables)
// comes from the PageSource given to unpack() and goes back by clear().
// After unpack() the tree does not change (attach() aside, at boot), so
// resolve() and the node operations of node.h need no lock.
//
// README.md has the rules: how duplicate archive entries are resolved (as
// Linux does), what resolution does with ".", "..", symlinks and slashes, and
// the seam for synthetic directories (/proc).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/arena.h"
#include "kernel/fs/node.h"
#include "kernel/lib/result.h"
#include "kernel/mm/heap.h"

namespace akuma::fs {

// Linux's limit on symlinks followed in one resolution (MAXSYMLINKS).
constexpr size_t kMaxSymlinkFollows = 40;

// Whether a symlink named by the last component is followed (stat, open) or
// is the result itself (lstat, readlinkat, O_NOFOLLOW). A trailing slash
// always follows.
enum class Follow : bool { kNo, kYes };

struct UnpackStats {
  size_t entries;  // archive entries before the trailer
  size_t skipped;  // entries Linux would not create either (README.md)
};

class Tree {
 public:
  Tree() = default;
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  // Builds the tree from a newc archive (which may be freed afterwards: the
  // tree keeps copies). The tree must be empty. On any error (kMalformed
  // archive, kNoMemory) the tree is left empty with every page given back.
  Result<void> unpack(const uint8_t* archive, size_t size, PageSource pages);

  // Gives every page back; the tree is empty again and may be unpacked anew.
  // No node of it may be used afterwards.
  void clear();

  // nullptr while empty.
  const Node* root() const { return root_; }
  const UnpackStats& stats() const { return stats_; }
  // Pages held from the PageSource: file contents and bookkeeping.
  size_t pages_held() const { return arena_.pages_held() + data_pages_; }

  // Resolves `path` (`length` bytes, no NUL needed) from `start` (the cwd
  // or a dirfd's node, used by relative paths only; nullptr is the root).
  // Errors: kNotFound (a missing component, or an empty path),
  // kNotDirectory (a non-directory where a directory is needed, trailing
  // slash included), kNameTooLong (a path of kPathMax bytes or more, or a
  // component over kNameMax), kSymlinkLoop (more than kMaxSymlinkFollows
  // symlinks followed).
  Result<const Node*> resolve(const Node* start, const char* path, size_t length, Follow follow_last,
                              const Caller* caller = nullptr) const;

  // Makes the empty directory `dir` of this tree synthetic: lookups and
  // listings inside it go to `ops` (the seam for /proc; README.md). For boot
  // time, before any lookup runs concurrently. kNotDirectory, or kBusy if
  // dir has entries or is synthetic already.
  Result<void> attach(const Node* dir, const NodeOps* ops, void* ops_data);

 private:
  struct LinkRecord;
  struct Place;

  Result<void> add_archive_entry(const CpioEntry& entry);
  Result<bool> find_place(const CpioEntry& entry, Place* place);
  Result<void> add_directory(const CpioEntry& entry, const Place& place);
  Result<void> add_regular(const CpioEntry& entry, const Place& place);
  Result<void> add_symlink(const CpioEntry& entry, const Place& place);
  Result<void> add_special(const CpioEntry& entry, const Place& place);
  Result<bool> make_hard_link(const CpioEntry& entry, const Place& place, Node** linked);
  Result<void> record_link(const CpioEntry& entry, Node* node);
  bool make_room(const Place& place);
  void skip() { ++stats_.skipped; }

  Result<Node*> make_node(NodeKind kind, uint32_t mode);
  Result<void> add_name(Node* dir, const char* name, size_t length, Node* node);
  void remove_name(Node* dir, size_t index);
  void rename_after_removal(Node* node);
  Result<void> set_contents(Node* file, const uint8_t* data, size_t size);
  void release_contents(Node* file);

  Arena arena_;
  PageSource pages_{};
  Node* root_ = nullptr;
  Node* nodes_made_ = nullptr;      // through Node::next_made
  LinkRecord* links_ = nullptr;     // hard link candidates, while unpacking
  uint64_t next_ino_ = 1;
  size_t data_pages_ = 0;
  UnpackStats stats_{};
};

}  // namespace akuma::fs
