#include "kernel/proc/fd_table.h"

#include "kernel/proc/process.h"

namespace akuma::proc {

Result<int> FdTable::open(const FileOps* ops, void* data) {
  for (int fd = 0; fd < kMaxFds; ++fd) {
    if (files_[fd].ops) continue;
    files_[fd] = File{ops, data};
    return fd;
  }
  return Error::kBusy;
}

Result<File*> FdTable::get(int fd) {
  if (fd < 0 || fd >= kMaxFds || !files_[fd].ops) return Error::kBadDescriptor;
  return &files_[fd];
}

Result<void> FdTable::close(int fd, Process& p) {
  File* f = TRY(get(fd));
  File closing = *f;
  *f = File{};  // gone from the table before its close runs
  if (closing.ops->close) closing.ops->close(closing, p);
  return {};
}

void FdTable::close_all(Process& p) {
  for (int fd = 0; fd < kMaxFds; ++fd) (void)close(fd, p);
}

namespace {

Result<size_t> stdin_read(File&, Process& p, char* buf, size_t len) { return p.channel.read_input(buf, len); }
Result<size_t> stdout_write(File&, Process& p, const char* buf, size_t len) {
  return p.channel.write_output(buf, len);
}

}  // namespace

const FileOps kStdinOps{"stdin", stdin_read, nullptr, nullptr};
const FileOps kStdoutOps{"stdout", nullptr, stdout_write, nullptr};

}  // namespace akuma::proc
