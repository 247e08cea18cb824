// The tree's lifetime and the primitives unpacking builds it with.
#include "kernel/fs/vfs.h"

#include "kernel/fs/names.h"
#include "kernel/lib/utility.h"

namespace akuma::fs {

void Tree::clear() {
  for (Node* node = nodes_made_; node; node = node->next_made) release_contents(node);
  arena_.release();
  root_ = nullptr;
  nodes_made_ = nullptr;
  links_ = nullptr;
  next_ino_ = 1;
  stats_ = {};
}

Result<void> Tree::attach(const Node* dir, const NodeOps* ops, void* ops_data) {
  if (!is_directory(dir)) return Error::kNotDirectory;
  if (dir->entry_count != 0 || dir->ops) return Error::kBusy;
  Node* mutable_dir = const_cast<Node*>(dir);  // ours: every node of the tree is
  mutable_dir->ops = ops;
  mutable_dir->ops_data = ops_data;
  return {};
}

Result<Node*> Tree::make_node(NodeKind kind, uint32_t mode) {
  Node* node = TRY(arena_.make<Node>());
  node->kind = kind;
  node->mode = mode;
  node->ino = next_ino_++;
  // A directory's own "." counts; its name adds the second link.
  node->nlink = kind == NodeKind::kDirectory ? 1 : 0;
  node->next_made = nodes_made_;
  nodes_made_ = node;
  return node;
}

// Names are copied into the arena: the archive may go away after unpacking.
Result<void> Tree::add_name(Node* dir, const char* name, size_t length, Node* node) {
  size_t index;
  if (find_entry(dir, name, length, &index)) return Error::kExists;
  if (dir->entry_count == dir->entry_capacity) {
    // The old table stays in the arena until clear(): at most as much again.
    size_t capacity = dir->entry_capacity ? dir->entry_capacity * 2 : 4;
    void* grown = TRY(arena_.alloc(capacity * sizeof(DirEntry), alignof(DirEntry)));
    if (dir->entry_count) __builtin_memcpy(grown, dir->entries, dir->entry_count * sizeof(DirEntry));
    dir->entries = static_cast<DirEntry*>(grown);
    dir->entry_capacity = capacity;
  }
  auto* copy = static_cast<char*>(TRY(arena_.alloc(length + 1, 1)));
  __builtin_memcpy(copy, name, length);

  __builtin_memmove(dir->entries + index + 1, dir->entries + index,
                    (dir->entry_count - index) * sizeof(DirEntry));
  dir->entries[index] = {copy, length, node};
  ++dir->entry_count;
  ++node->nlink;
  if (is_directory(node)) ++dir->nlink;  // the child's ".."
  node->parent = dir;
  node->name = copy;
  node->name_length = length;
  return {};
}

// Only empty directories are removed (the caller checks): a directory's
// subtree is never dropped, as rmdir(2) would not drop it either.
void Tree::remove_name(Node* dir, size_t index) {
  Node* node = dir->entries[index].node;
  const char* removed_name = dir->entries[index].name;
  __builtin_memmove(dir->entries + index, dir->entries + index + 1,
                    (dir->entry_count - index - 1) * sizeof(DirEntry));
  --dir->entry_count;
  if (is_directory(node)) {
    --dir->nlink;
    node->nlink = 0;
  } else {
    --node->nlink;
  }
  if (node->nlink == 0) release_contents(node);
  else if (node->parent == dir && node->name == removed_name) rename_after_removal(node);
}

// A hard-linked file lost the name path_of() reports: it takes another of
// its names. Rare (an archive overwriting one name of a linked file), so a
// scan of every directory is fine.
void Tree::rename_after_removal(Node* node) {
  for (Node* dir = nodes_made_; dir; dir = dir->next_made) {
    if (!is_directory(dir) || dir->nlink == 0) continue;
    for (size_t i = 0; i < dir->entry_count; ++i) {
      if (dir->entries[i].node == node) {
        node->parent = dir;
        node->name = dir->entries[i].name;
        node->name_length = dir->entries[i].name_length;
        return;
      }
    }
  }
}

// Copies `size` bytes into fresh pages; the last page is zero-filled past the
// end, so mapping it into user space shows nothing else. The pages are
// counted as they arrive, so a kNoMemory half way leaves nothing clear()
// would miss.
Result<void> Tree::set_contents(Node* file, const uint8_t* data, size_t size) {
  release_contents(file);
  size_t count = align_up(size, kFilePageSize) / kFilePageSize;
  if (count) {
    void* table = TRY(arena_.alloc(count * sizeof(uint64_t), alignof(uint64_t)));
    file->pages = static_cast<uint64_t*>(table);
  }
  for (size_t i = 0; i < count; ++i) {
    uint64_t address = TRY(pages_.alloc(pages_.ctx, 1));
    file->pages[i] = address;
    file->page_count = i + 1;
    ++data_pages_;
    size_t offset = i * kFilePageSize;
    size_t n = min<size_t>(kFilePageSize, size - offset);
    auto* bytes = reinterpret_cast<uint8_t*>(address);
    __builtin_memcpy(bytes, data + offset, n);
    __builtin_memset(bytes + n, 0, kFilePageSize - n);
  }
  file->size = size;
  return {};
}

void Tree::release_contents(Node* file) {
  for (size_t i = 0; i < file->page_count; ++i) pages_.free(pages_.ctx, file->pages[i], 1);
  data_pages_ -= file->page_count;
  file->page_count = 0;
  file->pages = nullptr;
  if (file->kind == NodeKind::kRegular) file->size = 0;
}

}  // namespace akuma::fs
