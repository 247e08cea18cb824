#include "kernel/fs/node.h"

#include "kernel/fs/names.h"
#include "kernel/lib/utility.h"

namespace akuma::fs {

StatInfo stat(const Node* node) {
  StatInfo info{};
  info.ino = node->ino;
  info.mode = node->mode;
  info.nlink = node->nlink;
  info.uid = node->uid;
  info.gid = node->gid;
  info.rdev_major = node->rdev_major;
  info.rdev_minor = node->rdev_minor;
  info.size = node->size;
  info.blocks = node->page_count * (kFilePageSize / 512);
  info.mtime = node->mtime;
  return info;
}

Result<Node*> lookup(const Node* dir, const char* name, size_t length, const Caller* caller) {
  if (!is_directory(dir)) return Error::kNotDirectory;
  if (length > kNameMax) return Error::kNameTooLong;
  if (dir->ops) return dir->ops->lookup(dir, name, length, caller);
  size_t index;
  if (!find_entry(dir, name, length, &index)) return Error::kNotFound;
  return dir->entries[index].node;
}

Result<size_t> read(const Node* file, uint64_t offset, void* buffer, size_t length, const Caller* caller) {
  if (is_directory(file)) return Error::kIsDirectory;
  if (file->kind != NodeKind::kRegular) return Error::kInvalidArgument;
  if (file->ops) return file->ops->read(file, offset, buffer, length, caller);
  if (offset >= file->size) return size_t{0};
  size_t total = static_cast<size_t>(min<uint64_t>(length, file->size - offset));
  auto* out = static_cast<uint8_t*>(buffer);
  for (size_t done = 0; done < total;) {
    uint64_t at = offset + done;
    size_t in_page = static_cast<size_t>(at % kFilePageSize);
    size_t n = min<size_t>(total - done, kFilePageSize - in_page);
    const auto* page_bytes = reinterpret_cast<const uint8_t*>(file->pages[at / kFilePageSize]);
    __builtin_memcpy(out + done, page_bytes + in_page, n);
    done += n;
  }
  return total;
}

Result<size_t> read_link(const Node* link, char* buffer, size_t length, const Caller* caller) {
  if (link->kind != NodeKind::kSymlink) return Error::kInvalidArgument;
  if (link->ops) return link->ops->read_link(link, buffer, length, caller);
  size_t n = static_cast<size_t>(min<uint64_t>(length, link->size));
  __builtin_memcpy(buffer, link->target, n);
  return n;
}

Result<bool> list(const Node* dir, uint64_t position, DirListing* out, const Caller* caller) {
  if (!is_directory(dir)) return Error::kNotDirectory;
  if (position == 0) {
    *out = {".", 1, dir, 1};
    return true;
  }
  if (position == 1) {
    *out = {"..", 2, dir->parent, 2};
    return true;
  }
  if (dir->ops) {
    DirEntry entry;
    uint64_t next;
    if (!TRY(dir->ops->entry(dir, position, &entry, &next, caller))) return false;
    *out = {entry.name, entry.name_length, entry.node, next};
    return true;
  }
  if (position - 2 >= dir->entry_count) return false;
  const DirEntry& entry = dir->entries[position - 2];
  *out = {entry.name, entry.name_length, entry.node, position + 1};
  return true;
}

Result<uint64_t> page(const Node* file, size_t index) {
  if (file->kind != NodeKind::kRegular || file->ops) return Error::kInvalidArgument;
  if (index >= file->page_count) return Error::kRange;
  return file->pages[index];
}

Result<size_t> path_of(const Node* node, char* buffer, size_t size) {
  // Measure first, then fill from the end: no recursion, no scratch space.
  size_t length = 0;
  for (const Node* n = node; n->parent != n; n = n->parent) length += 1 + n->name_length;
  if (length == 0) length = 1;  // the root is "/"
  if (size < length + 1) return Error::kRange;
  buffer[0] = '/';
  buffer[length] = '\0';
  size_t end = length;
  for (const Node* n = node; n->parent != n; n = n->parent) {
    end -= n->name_length;
    __builtin_memcpy(buffer + end, n->name, n->name_length);
    buffer[--end] = '/';
  }
  return length;
}

}  // namespace akuma::fs
