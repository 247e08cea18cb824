// Open files and descriptor tables, Linux's way.
//
// An OpenFile is an open file description: what the file is (ops + data),
// its status flags (O_NONBLOCK, O_APPEND, access mode) and its offset. It is
// reference counted: every descriptor that names it (across fork and dup)
// and every kernel holder (the shell's end of a job's pipe) holds one
// reference, and the file's close runs when the last one goes. So a pipe's
// reader sees EOF only when every writer, in every process, has closed, and
// a socket's port is freed when its last descriptor closes (a killed
// process's descriptors close at its exit).
//
// A FdTable maps descriptor numbers to OpenFiles plus the per-descriptor
// FD_CLOEXEC flag; fork copies it (each file gains a reference), execve
// closes the close-on-exec ones.
//
// Locking: an OpenFile's refs are atomic; its flags and offset belong to
// whoever uses it (threads sharing one file race on its offset, as they do on
// Linux without their own locking); a table has its own lock, held only to
// look at its slots.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/lock.h"
#include "kernel/lib/result.h"

namespace akuma::proc {

struct OpenFile;

// What stat() reports about a file (the syscall layer fills struct stat).
struct FileStat {
  uint64_t ino = 0;
  uint32_t mode = 0;  // type and permission bits (S_IF*)
  uint32_t nlink = 1;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t rdev_major = 0;
  uint32_t rdev_minor = 0;
  uint32_t dev_minor = 0;  // which (pseudo) filesystem: the initramfs, pipes, sockets
  uint64_t size = 0;
  uint64_t blocks = 0;     // 512-byte units
  uint64_t mtime = 0;      // seconds
};

// Readiness bits for poll (Linux's POLL* values).
constexpr uint32_t kReadable = 0x001;
constexpr uint32_t kWritable = 0x004;
constexpr uint32_t kErrorReady = 0x008;
constexpr uint32_t kHangup = 0x010;

struct FileOps {
  const char* kind;  // "pipe", "console", "socket", "file", "directory", ...
  // nullptr when the kind does not support the operation (EBADF for read /
  // write, ESPIPE for seeking). read and write work on
  // kernel buffers and honour O_NONBLOCK (kWouldBlock); blocking waits are
  // interruptible (kInterrupted).
  Result<size_t> (*read)(OpenFile& f, char* buf, size_t len);
  Result<size_t> (*write)(OpenFile& f, const char* buf, size_t len);
  // Positioned read for files with an offset (read() uses it with f.offset).
  Result<size_t> (*pread)(OpenFile& f, uint64_t offset, char* buf, size_t len);
  // Readiness now (kReadable | kWritable | kErrorReady | kHangup). Whoever
  // changes it calls sched::readiness_changed(source), the source being the
  // OpenFile's data (sched/readiness.h).
  uint32_t (*poll)(OpenFile& f);
  // Whether the file behaves as a terminal (answers the terminal ioctls:
  // TCGETS, TIOCGWINSZ, ...); nullptr: it does not.
  bool (*is_terminal)(const OpenFile& f);
  void (*stat)(OpenFile& f, FileStat* out);
  // The last reference is gone.
  void (*close)(OpenFile& f);
};

struct OpenFile {
  const FileOps* ops = nullptr;
  void* data = nullptr;  // the kind's own object
  int flags = 0;         // O_ACCMODE bits, O_NONBLOCK, O_APPEND (Linux values)
  uint64_t offset = 0;   // files with pread
  uint32_t refs = 1;     // atomic

  bool nonblocking() const;
  bool readable() const;
  bool writable() const;
};

// A new open file with one reference (the caller's); kNoMemory.
Result<OpenFile*> open_file(const FileOps* ops, void* data, int flags);
void retain(OpenFile* f);
// Drops one reference; the last one runs ops->close and frees the file.
void release(OpenFile* f);

// One counted reference to an open file, dropped when the FileRef goes: what
// FdTable::get hands out, so a file another thread closes meanwhile stays
// until its user is done with it.
class FileRef {
 public:
  FileRef() = default;
  explicit FileRef(OpenFile* f) : f_(f) {}  // adopts one reference
  FileRef(FileRef&& o) : f_(o.f_) { o.f_ = nullptr; }
  FileRef& operator=(FileRef&& o);
  FileRef(const FileRef&) = delete;
  FileRef& operator=(const FileRef&) = delete;
  ~FileRef();
  OpenFile* get() const { return f_; }
  OpenFile* operator->() const { return f_; }
  OpenFile& operator*() const { return *f_; }
  // Hands the reference over to the caller.
  OpenFile* take() {
    OpenFile* f = f_;
    f_ = nullptr;
    return f;
  }

 private:
  OpenFile* f_ = nullptr;
};

class FdTable {
 public:
  // Linux's default RLIMIT_NOFILE is 1024; a small kernel keeps 256.
  static constexpr int kMaxFds = 256;

  FdTable() = default;
  // Nobody else can use a table being destroyed: no lock (its process is
  // reaped with the sched lock held; exit closed its files long before).
  ~FdTable();
  FdTable(const FdTable&) = delete;
  FdTable& operator=(const FdTable&) = delete;

  // Installs `f` (taking over the caller's reference) at the lowest free
  // descriptor >= min_fd. kTooManyFiles (EMFILE) when full; the reference is
  // then dropped.
  Result<int> install(OpenFile* f, bool cloexec, int min_fd = 0);
  // Installs `f` at exactly `fd` (dup2/dup3), closing what was there.
  Result<void> install_at(int fd, OpenFile* f, bool cloexec);
  // The open file at `fd`, with a reference of its own, or kBadDescriptor.
  Result<FileRef> get(int fd) const;
  Result<bool> cloexec(int fd) const;
  Result<void> set_cloexec(int fd, bool on);
  Result<void> close(int fd);
  // Closes every descriptor (exit); idempotent.
  void close_all();
  // Closes the FD_CLOEXEC descriptors (execve).
  void close_on_exec();
  // Makes this table a copy of `other` (fork): every file gains a reference.
  void copy_from(const FdTable& other);
  int open_count() const;

 private:
  struct Slot {
    OpenFile* file = nullptr;
    bool cloexec = false;
  };
  // The table's lock (rank kFdTable, the outermost): held only to look at
  // the slots, never while a file is used or closed.
  mutable arch::IrqSpinLock lock_{"fd table", arch::LockRank::kFdTable};
  Slot slots_[kMaxFds];
};

}  // namespace akuma::proc
