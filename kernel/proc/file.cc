#include "kernel/proc/file.h"

#include "kernel/arch/aarch64/panic.h"
#include "kernel/mm/memory.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {
namespace {

constexpr int kAccessMode = 03;  // O_ACCMODE
constexpr int kWriteOnly = 01;
constexpr int kReadWrite = 02;
constexpr int kNonBlock = 04000;

}  // namespace

bool OpenFile::nonblocking() const { return (flags & kNonBlock) != 0; }
bool OpenFile::readable() const { return (flags & kAccessMode) != kWriteOnly; }
bool OpenFile::writable() const { return (flags & kAccessMode) == kWriteOnly || (flags & kAccessMode) == kReadWrite; }

Result<OpenFile*> open_file(const FileOps* ops, void* data, int flags) {
  auto* f = new (fallible) OpenFile{ops, data, flags, 0, 1};
  if (!f) return Error::kNoMemory;
  return f;
}

void retain(OpenFile* f) {
  sched::SchedLock lock;
  if (f->refs == 0) panic("file: retaining a closed %s", f->ops->kind);
  ++f->refs;
}

void release(OpenFile* f) {
  {
    sched::SchedLock lock;
    if (f->refs == 0) panic("file: releasing a closed %s", f->ops->kind);
    if (--f->refs != 0) return;
  }
  if (f->ops->close) f->ops->close(*f);
  delete f;
}

Result<int> FdTable::install(OpenFile* f, bool cloexec, int min_fd) {
  for (int fd = min_fd < 0 ? 0 : min_fd; fd < kMaxFds; ++fd) {
    if (slots_[fd].file) continue;
    slots_[fd] = Slot{f, cloexec};
    return fd;
  }
  release(f);
  return Error::kTooManyFiles;
}

Result<void> FdTable::install_at(int fd, OpenFile* f, bool cloexec) {
  if (fd < 0 || fd >= kMaxFds) {
    release(f);
    return Error::kBadDescriptor;
  }
  Slot old = slots_[fd];
  slots_[fd] = Slot{f, cloexec};
  if (old.file) release(old.file);
  return {};
}

Result<OpenFile*> FdTable::get(int fd) const {
  if (fd < 0 || fd >= kMaxFds || !slots_[fd].file) return Error::kBadDescriptor;
  return slots_[fd].file;
}

Result<bool> FdTable::cloexec(int fd) const {
  TRY(get(fd));
  return slots_[fd].cloexec;
}

Result<void> FdTable::set_cloexec(int fd, bool on) {
  TRY(get(fd));
  slots_[fd].cloexec = on;
  return {};
}

Result<void> FdTable::close(int fd) {
  OpenFile* f = TRY(get(fd));
  slots_[fd] = Slot{};  // gone from the table before its close runs
  release(f);
  return {};
}

void FdTable::close_all() {
  for (int fd = 0; fd < kMaxFds; ++fd) (void)close(fd);
}

void FdTable::close_on_exec() {
  for (int fd = 0; fd < kMaxFds; ++fd) {
    if (slots_[fd].file && slots_[fd].cloexec) (void)close(fd);
  }
}

void FdTable::copy_from(const FdTable& other) {
  close_all();
  for (int fd = 0; fd < kMaxFds; ++fd) {
    if (!other.slots_[fd].file) continue;
    retain(other.slots_[fd].file);
    slots_[fd] = other.slots_[fd];
  }
}

int FdTable::open_count() const {
  int n = 0;
  for (const Slot& s : slots_) n += s.file != nullptr;
  return n;
}

}  // namespace akuma::proc
