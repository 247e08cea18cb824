// Per-process file descriptors. Each open descriptor is a File: an ops
// table (the "kind" of descriptor) plus that kind's data. exit and kill close
// every descriptor through ops->close, which is the hook other subsystems
// use: the network stack adds a socket kind whose close aborts the socket
// and frees its port.
//
// Locking: a table is used only by its process's own thread (syscalls, and
// exit, which runs on that thread too), so it needs no lock.
#pragma once

#include <stddef.h>

#include "kernel/lib/result.h"

namespace akuma::proc {

struct Process;
struct File;

struct FileOps {
  const char* kind;  // "stdin", "stdout", "socket", ...
  // nullptr when the kind does not support the operation (kBadDescriptor).
  Result<size_t> (*read)(File& f, Process& p, char* buf, size_t len);
  Result<size_t> (*write)(File& f, Process& p, const char* buf, size_t len);
  void (*close)(File& f, Process& p);
};

struct File {
  const FileOps* ops = nullptr;  // nullptr: descriptor not open
  void* data = nullptr;          // the kind's own state
};

class FdTable {
 public:
  static constexpr int kMaxFds = 16;

  // Lowest free descriptor, or kBusy when the table is full.
  Result<int> open(const FileOps* ops, void* data);
  Result<File*> get(int fd);
  Result<void> close(int fd, Process& p);
  // Closes every open descriptor; idempotent.
  void close_all(Process& p);

 private:
  File files_[kMaxFds];
};

// The standard descriptors every program starts with (0, 1, 2), all on the
// process channel.
extern const FileOps kStdinOps;
extern const FileOps kStdoutOps;

}  // namespace akuma::proc
