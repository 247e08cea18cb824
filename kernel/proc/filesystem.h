// The kernel's file system: the tree unpacked from the initramfs
// (kernel/fs) and the open files made from its nodes — regular files (read,
// pread, lseek), directories (getdents64) and device nodes (/dev/console).
// Everything is read-only: opening for writing, creating or truncating is
// EROFS (an existing device aside).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/node.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/result.h"
#include "kernel/proc/file.h"

namespace akuma::proc {

// Unpacks the initramfs the boot loader left at [start, end) (physical) into
// the tree, then gives its memory back, and makes its /proc (if it has one)
// the process view (procfs.cc). Without one the tree is an empty root
// directory. Call once at boot, before any program starts.
Result<void> mount_initramfs(uint64_t start_phys, uint64_t end_phys);
// What unpacking found: entries, pages held.
struct FilesystemStats {
  size_t entries;
  size_t skipped;
  size_t pages;
};
FilesystemStats filesystem_stats();

const fs::Node* root_directory();

// Resolves `path` (NUL-terminated) from `start` (nullptr: the root).
Result<const fs::Node*> resolve_path(const fs::Node* start, const char* path, bool follow_last);

// An open file for `node` with open(2)'s flags (Linux values). kReadOnly
// (EROFS) for writing a file or directory, kNotDirectory for O_DIRECTORY on
// a non-directory, kNotSupported for device nodes other than the console.
Result<OpenFile*> open_node(const fs::Node* node, int flags);
// The node behind an open file of the tree (directories for fchdir and
// getdents64), or kNotDirectory when `f` is not one of its directories.
Result<const fs::Node*> directory_of(OpenFile& f);
bool is_directory_file(const OpenFile& f);
// chdir/fchdir: a directory that stays (not a process's /proc directory:
// kAccessDenied), else kNotDirectory.
Result<void> check_working_directory(const fs::Node* node);

// procfs.cc: /proc on the tree's empty /proc directory (nothing without one).
void mount_procfs(fs::Tree& tree);
// A node of one process (or thread) under /proc, which goes with it.
bool procfs_transient(const fs::Node* node);
// The live node for a copy kept by an open /proc directory; kNotFound once
// its process (or thread) is gone.
Result<const fs::Node*> procfs_live(const fs::Node* copy);

// One directory entry as getdents64 reports it.
struct DirRecord {
  uint64_t ino;
  uint64_t next;  // the position after this entry (d_off)
  uint8_t type;   // DT_* (the S_IF* type bits >> 12)
  const char* name;
  size_t name_length;
};
// The entry at the directory file's current position, or false at the end;
// advance() moves the position past it.
Result<bool> read_dir_entry(OpenFile& f, DirRecord* out);
void advance_dir(OpenFile& f, const DirRecord& record);

void stat_node(const fs::Node* node, FileStat* out);

}  // namespace akuma::proc
