// Unpacking an archive into the tree, with Linux's rules for what each entry
// does to what is already there (init/initramfs.c; README.md).
#include "kernel/fs/names.h"
#include "kernel/fs/resolve.h"
#include "kernel/fs/vfs.h"

namespace akuma::fs {
namespace {

// Directories an archive implies but does not list.
constexpr uint32_t kImpliedDirectoryMode = kModeDirectory | 0755;
constexpr uint32_t kSymlinkMode = kModeSymlink | 0777;

NodeKind kind_of(uint32_t mode) {
  switch (mode & kModeTypeMask) {
    case kModeDirectory: return NodeKind::kDirectory;
    case kModeRegular: return NodeKind::kRegular;
    case kModeSymlink: return NodeKind::kSymlink;
    case kModeCharDevice: return NodeKind::kCharDevice;
    case kModeBlockDevice: return NodeKind::kBlockDevice;
    case kModeFifo: return NodeKind::kFifo;
    default: return NodeKind::kSocket;  // the reader admits no other type
  }
}

// chown + chmod + utime, as Linux applies them to a node it created or found.
void apply_attributes(Node* node, const CpioEntry& entry) {
  node->mode = (node->mode & kModeTypeMask) | (entry.mode & kModePermissionMask);
  node->uid = entry.uid;
  node->gid = entry.gid;
  node->mtime = entry.mtime;
}

}  // namespace

// Where an entry goes: the directory and the last component of its name. An
// empty last component means the name is the directory itself ("." or "/").
struct Tree::Place {
  Node* dir;
  const char* name;
  size_t length;
  Node* existing;  // the node now under that name, or nullptr
  size_t index;    // its entry in dir (or where one would go)
};

// A regular file or device node whose archive entry says nlink >= 2: later
// entries with the same (dev, ino, type) are further names of it.
struct Tree::LinkRecord {
  uint32_t dev_major;
  uint32_t dev_minor;
  uint32_t ino;
  uint32_t type;
  Node* node;
  LinkRecord* next;
};

Result<void> Tree::unpack(const uint8_t* archive, size_t size, PageSource pages) {
  if (root_) return Error::kBusy;
  pages_ = pages;
  arena_.init(pages);
  auto built = [&]() -> Result<void> {
    root_ = TRY(make_node(NodeKind::kDirectory, kImpliedDirectoryMode));
    root_->parent = root_;
    root_->name = "";
    root_->nlink = 2;
    CpioReader reader(archive, size);
    CpioEntry entry;
    while (TRY(reader.next(&entry))) TRY(add_archive_entry(entry));
    return {};
  }();
  links_ = nullptr;  // hard links never span archives
  if (!built.ok()) {
    clear();
    return built.error();
  }
  return {};
}

Result<void> Tree::add_archive_entry(const CpioEntry& entry) {
  ++stats_.entries;
  uint32_t type = entry.mode & kModeTypeMask;
  // Linux reads no entry whose name (with its NUL) exceeds PATH_MAX, and
  // skips anything but a file or symlink that carries data.
  if (entry.name_length + 1 > kPathMax ||
      (entry.data_size != 0 && type != kModeRegular && type != kModeSymlink)) {
    skip();
    return {};
  }
  Place place;
  if (!TRY(find_place(entry, &place))) {
    skip();
    return {};
  }
  switch (type) {
    case kModeDirectory: return add_directory(entry, place);
    case kModeRegular: return add_regular(entry, place);
    case kModeSymlink: return add_symlink(entry, place);
    default: return add_special(entry, place);
  }
}

// Walks the entry's name from the root. Missing directories on the way are
// created (Linux would skip the entry instead); a symlink on the way is
// followed. False (skip the entry) when the way is blocked: a non-directory,
// a dangling symlink, a component over kNameMax.
Result<bool> Tree::find_place(const CpioEntry& entry, Place* place) {
  const char* name = entry.name;
  size_t end = entry.name_length;
  bool trailing_slash = name[end - 1] == '/';
  while (end > 0 && name[end - 1] == '/') --end;
  if (trailing_slash && (entry.mode & kModeTypeMask) != kModeDirectory) return false;

  Node* dir = root_;
  size_t position = 0;
  for (;;) {
    while (position < end && name[position] == '/') ++position;
    size_t length = 0;
    while (position + length < end && name[position + length] != '/') ++length;
    const char* component = name + position;
    position += length;
    if (length > kNameMax) return false;
    bool last = position == end;

    if (length == 0 || is_dot(component, length) || is_dot_dot(component, length)) {
      if (is_dot_dot(component, length)) dir = dir->parent;
      if (!last) continue;
      *place = {dir, component, 0, nullptr, 0};
      return true;
    }
    size_t index;
    bool found = find_entry(dir, component, length, &index);
    if (last) {
      *place = {dir, component, length, found ? dir->entries[index].node : nullptr, index};
      return true;
    }
    if (!found) {
      Node* implied = TRY(make_node(NodeKind::kDirectory, kImpliedDirectoryMode));
      TRY(add_name(dir, component, length, implied));
      dir = implied;
      continue;
    }
    Node* next = dir->entries[index].node;
    if (next->kind == NodeKind::kSymlink) {
      Result<Node*> target = resolve_path(root_, dir, next->target, next->size, Follow::kYes, nullptr);
      if (!target.ok()) return false;
      next = target.value();
    }
    if (!is_directory(next)) return false;
    dir = next;
  }
}

// Clears the name for a new node: whatever is there goes, unless it is a
// directory with entries (rmdir would fail, and so would the creation).
bool Tree::make_room(const Place& place) {
  if (!place.existing) return true;
  if (is_directory(place.existing) && place.existing->entry_count != 0) return false;
  remove_name(place.dir, place.index);
  return true;
}

Result<void> Tree::add_directory(const CpioEntry& entry, const Place& place) {
  if (place.length == 0) {  // "." names a directory that exists
    apply_attributes(place.dir, entry);
    return {};
  }
  if (place.existing && is_directory(place.existing)) {  // mkdir fails, chmod applies
    apply_attributes(place.existing, entry);
    return {};
  }
  make_room(place);  // not a directory: always removable
  Node* dir = TRY(make_node(NodeKind::kDirectory, kModeDirectory));
  apply_attributes(dir, entry);
  return add_name(place.dir, place.name, place.length, dir);
}

Result<void> Tree::add_regular(const CpioEntry& entry, const Place& place) {
  if (place.length == 0) {
    skip();
    return {};
  }
  Node* file = nullptr;
  if (!TRY(make_hard_link(entry, place, &file))) {
    skip();
    return {};
  }
  if (file) {
    // A further name of a linked file: opened without O_TRUNC, so data
    // replaces the contents only if the entry carries some.
    apply_attributes(file, entry);
    if (entry.data_size) TRY(set_contents(file, entry.data, entry.data_size));
    return {};
  }
  if (place.existing && place.existing->kind == NodeKind::kRegular) {
    // O_TRUNC on the file that is there: same inode, new contents. Linux
    // has recorded it as a link candidate first (maybe_link).
    apply_attributes(place.existing, entry);
    TRY(set_contents(place.existing, entry.data, entry.data_size));
    return record_link(entry, place.existing);
  }
  if (!make_room(place)) {
    skip();
    return {};
  }
  file = TRY(make_node(NodeKind::kRegular, kModeRegular));
  apply_attributes(file, entry);
  TRY(set_contents(file, entry.data, entry.data_size));
  TRY(add_name(place.dir, place.name, place.length, file));
  return record_link(entry, file);
}

Result<void> Tree::add_symlink(const CpioEntry& entry, const Place& place) {
  // The target ends at its first NUL, as symlink(2) reads it; an empty one or
  // one of PATH_MAX bytes and more is refused.
  size_t length = 0;
  while (length < entry.data_size && entry.data[length] != '\0') ++length;
  if (place.length == 0 || length == 0 || length >= kPathMax || !make_room(place)) {
    skip();
    return {};
  }
  Node* link = TRY(make_node(NodeKind::kSymlink, kSymlinkMode));
  link->uid = entry.uid;
  link->gid = entry.gid;
  link->mtime = entry.mtime;
  auto* target = static_cast<char*>(TRY(arena_.alloc(length + 1, 1)));
  __builtin_memcpy(target, entry.data, length);
  link->target = target;
  link->size = length;
  return add_name(place.dir, place.name, place.length, link);
}

Result<void> Tree::add_special(const CpioEntry& entry, const Place& place) {
  if (place.length == 0) {
    skip();
    return {};
  }
  Node* linked = nullptr;
  if (!TRY(make_hard_link(entry, place, &linked))) {
    skip();
    return {};
  }
  if (linked) return {};
  if (!make_room(place)) {
    skip();
    return {};
  }
  Node* node = TRY(make_node(kind_of(entry.mode), entry.mode & kModeTypeMask));
  apply_attributes(node, entry);
  node->rdev_major = entry.rdev_major;
  node->rdev_minor = entry.rdev_minor;
  TRY(add_name(place.dir, place.name, place.length, node));
  return record_link(entry, node);
}

// If the entry is a further name of an earlier file or device node, gives
// that node this name too and returns it in *linked; *linked stays nullptr
// when it is not. False when the link cannot be made (the earlier node lost
// all its names since, or a non-empty directory holds the name).
Result<bool> Tree::make_hard_link(const CpioEntry& entry, const Place& place, Node** linked) {
  if (entry.nlink < 2) return true;
  uint32_t type = entry.mode & kModeTypeMask;
  const LinkRecord* record = links_;
  while (record && !(record->ino == entry.ino && record->dev_major == entry.dev_major &&
                     record->dev_minor == entry.dev_minor && record->type == type)) {
    record = record->next;
  }
  if (!record) return true;
  Node* node = record->node;
  if (node->nlink == 0) return false;
  if (place.existing != node) {
    if (!make_room(place)) return false;
    TRY(add_name(place.dir, place.name, place.length, node));
  }
  *linked = node;
  return true;
}

Result<void> Tree::record_link(const CpioEntry& entry, Node* node) {
  if (entry.nlink < 2) return {};
  LinkRecord* record = TRY(arena_.make<LinkRecord>());
  *record = {entry.dev_major, entry.dev_minor, entry.ino, entry.mode & kModeTypeMask, node, links_};
  links_ = record;
  return {};
}

}  // namespace akuma::fs
