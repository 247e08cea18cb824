// Nodes of the read-only file system tree and the operations on one node.
//
// A Node is an inode: its type, attributes and contents. Directories hold
// DirEntry tables (name -> node) sorted by name; a regular file holds its
// contents in whole 4 KiB pages, so the kernel can map a program's read-only
// segments straight into user space (page()). A node may be *synthetic*: its
// NodeOps generate its children or contents on demand (the future /proc; see
// README.md). The operations here serve both kinds.
//
// Nodes are built by Tree::unpack (tree.h) and not changed afterwards, so any
// number of threads may use these functions at once without a lock.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/cpio.h"
#include "kernel/lib/result.h"

namespace akuma::fs {

constexpr size_t kNameMax = 255;   // longest path component (NAME_MAX)
constexpr size_t kPathMax = 4096;  // longest path, its NUL included (PATH_MAX)
constexpr uint64_t kFilePageSize = 4096;

enum class NodeKind : uint8_t {
  kDirectory,
  kRegular,
  kSymlink,
  kCharDevice,
  kBlockDevice,
  kFifo,
  kSocket,
};

// Who asks: the calling process, opaque here. The kernel defines it; it is
// passed through to synthetic nodes (/proc/self depends on it) and may be
// nullptr for the kernel's own requests.
struct Caller;

struct Node;
struct NodeOps;

struct DirEntry {
  const char* name;   // NUL-terminated
  size_t name_length;
  Node* node;
};

struct Node {
  NodeKind kind;
  uint32_t mode;          // type bits (kMode*) | permission bits, as st_mode
  uint32_t uid;
  uint32_t gid;
  uint32_t nlink;         // names of a file; 2 + subdirectories of a directory
  uint64_t ino;
  uint64_t mtime;         // seconds since the epoch
  uint64_t size;          // bytes of a file, length of a symlink's target
  uint32_t rdev_major;    // device nodes: the device they stand for
  uint32_t rdev_minor;

  // The name this node was last given, in `parent`; the root's parent is
  // itself and its name is empty. Directories have exactly one name.
  Node* parent;
  const char* name;
  size_t name_length;

  // Non-null for a synthetic node: its children, contents or link target
  // come from here instead of the fields below.
  const NodeOps* ops;
  void* ops_data;         // for the ops, untouched by the tree

  // kDirectory: the entries, sorted by name (bytewise), without "." and "..".
  DirEntry* entries;
  size_t entry_count;
  size_t entry_capacity;
  // kRegular: page_count pages hold `size` bytes, the last one zero-filled
  // past the end of the file.
  uint64_t* pages;
  size_t page_count;
  // kSymlink: `size` bytes and a NUL.
  const char* target;

  Node* next_made;        // every node a tree made, for Tree::clear()
};

// A synthetic node's behaviour. A directory implements lookup and entry; a
// regular file read; a symlink read_link and follow (a "magic" link that
// leads straight to a node, as /proc/self/exe does on Linux). Nodes they
// return must stay valid while the caller uses them: the provider owns them.
struct NodeOps {
  Result<Node*> (*lookup)(const Node* dir, const char* name, size_t length, const Caller* caller);
  // The entry at `position` (>= 2; 0 and 1 are "." and ".."), with the
  // position of the one after it in *next; false past the last one.
  Result<bool> (*entry)(const Node* dir, uint64_t position, DirEntry* out, uint64_t* next,
                        const Caller* caller);
  Result<size_t> (*read)(const Node* file, uint64_t offset, void* buffer, size_t length,
                         const Caller* caller);
  Result<size_t> (*read_link)(const Node* link, char* buffer, size_t length, const Caller* caller);
  Result<Node*> (*follow)(const Node* link, const Caller* caller);
};

// What struct stat needs. st_dev is the mount's (the caller's), st_blksize
// is kFilePageSize; atime and ctime are mtime.
struct StatInfo {
  uint64_t ino;
  uint32_t mode;
  uint32_t nlink;
  uint32_t uid;
  uint32_t gid;
  uint32_t rdev_major;
  uint32_t rdev_minor;
  uint64_t size;
  uint64_t blocks;  // 512-byte units held: the file's pages
  uint64_t mtime;
};

// One entry of a directory listing (getdents64): d_ino is node->ino, d_type
// follows from node->mode, d_off is `next`.
struct DirListing {
  const char* name;
  size_t name_length;
  const Node* node;
  uint64_t next;  // position of the entry after this one
};

inline bool is_directory(const Node* node) { return node->kind == NodeKind::kDirectory; }

StatInfo stat(const Node* node);

// The child of `dir` called `name` (not "." or ".."): kNotDirectory if dir is
// not a directory, kNameTooLong beyond kNameMax, kNotFound if there is none.
Result<Node*> lookup(const Node* dir, const char* name, size_t length, const Caller* caller = nullptr);

// Up to `length` bytes of a regular file from `offset`: 0 at or after its end.
// kIsDirectory for a directory, kInvalidArgument for the other kinds.
Result<size_t> read(const Node* file, uint64_t offset, void* buffer, size_t length,
                    const Caller* caller = nullptr);

// A symlink's target, truncated to `length` bytes and not NUL-terminated (as
// readlink(2)); kInvalidArgument for other kinds.
Result<size_t> read_link(const Node* link, char* buffer, size_t length, const Caller* caller = nullptr);

// Listing a directory: position 0 is ".", 1 is "..", then the entries in name
// order (positions 2, 3, ...). Positions are stable because the tree does not
// change, so they serve as getdents64/lseek cookies. Returns false at the end.
Result<bool> list(const Node* dir, uint64_t position, DirListing* out, const Caller* caller = nullptr);

// The address of page `index` of a regular file's contents (kFilePageSize
// bytes, from the tree's PageSource). kRange past the last page,
// kInvalidArgument for anything but a regular file of the tree.
Result<uint64_t> page(const Node* file, size_t index);

// The absolute path of `node` through its parents, NUL-terminated in
// `buffer`; returns its length without the NUL. kRange if it does not fit.
Result<size_t> path_of(const Node* node, char* buffer, size_t size);

}  // namespace akuma::fs
