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
  if (__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED) == 0) panic("file: retaining a closed %s", f->ops->kind);
}

void release(OpenFile* f) {
  uint32_t before = __atomic_fetch_sub(&f->refs, 1, __ATOMIC_ACQ_REL);
  if (before == 0) panic("file: releasing a closed %s", f->ops->kind);
  if (before != 1) return;
  if (f->ops->close) f->ops->close(*f);
  delete f;
}

FileRef& FileRef::operator=(FileRef&& o) {
  if (this != &o) {
    if (f_) release(f_);
    f_ = o.f_;
    o.f_ = nullptr;
  }
  return *this;
}

FileRef::~FileRef() {
  if (f_) release(f_);
}

FdTable::~FdTable() {
  for (Slot& s : slots_) {
    if (s.file) release(s.file);
  }
}

Result<int> FdTable::install(OpenFile* f, bool cloexec, int min_fd) {
  {
    arch::IrqLockGuard guard(lock_);
    for (int fd = min_fd < 0 ? 0 : min_fd; fd < kMaxFds; ++fd) {
      if (slots_[fd].file) continue;
      slots_[fd] = Slot{f, cloexec};
      return fd;
    }
  }
  release(f);
  return Error::kTooManyFiles;
}

Result<void> FdTable::install_at(int fd, OpenFile* f, bool cloexec) {
  if (fd < 0 || fd >= kMaxFds) {
    release(f);
    return Error::kBadDescriptor;
  }
  Slot old;
  {
    arch::IrqLockGuard guard(lock_);
    old = slots_[fd];
    slots_[fd] = Slot{f, cloexec};
  }
  if (old.file) release(old.file);  // its close may take other locks: outside the table's
  return {};
}

Result<FileRef> FdTable::get(int fd) const {
  arch::IrqLockGuard guard(lock_);
  if (fd < 0 || fd >= kMaxFds || !slots_[fd].file) return Error::kBadDescriptor;
  retain(slots_[fd].file);
  return FileRef(slots_[fd].file);
}

Result<bool> FdTable::cloexec(int fd) const {
  arch::IrqLockGuard guard(lock_);
  if (fd < 0 || fd >= kMaxFds || !slots_[fd].file) return Error::kBadDescriptor;
  return slots_[fd].cloexec;
}

Result<void> FdTable::set_cloexec(int fd, bool on) {
  arch::IrqLockGuard guard(lock_);
  if (fd < 0 || fd >= kMaxFds || !slots_[fd].file) return Error::kBadDescriptor;
  slots_[fd].cloexec = on;
  return {};
}

Result<void> FdTable::close(int fd) {
  OpenFile* f;
  {
    arch::IrqLockGuard guard(lock_);
    if (fd < 0 || fd >= kMaxFds || !slots_[fd].file) return Error::kBadDescriptor;
    f = slots_[fd].file;
    slots_[fd] = Slot{};  // gone from the table before its close runs
  }
  release(f);
  return {};
}

void FdTable::close_all() {
  for (int fd = 0; fd < kMaxFds; ++fd) (void)close(fd);
}

void FdTable::close_on_exec() {
  for (int fd = 0; fd < kMaxFds; ++fd) {
    bool cloexec;
    {
      arch::IrqLockGuard guard(lock_);
      cloexec = slots_[fd].file && slots_[fd].cloexec;
    }
    if (cloexec) (void)close(fd);
  }
}

void FdTable::copy_from(const FdTable& other) {
  close_all();
  // This table is new (nobody else uses it): only `other` needs its lock.
  arch::IrqLockGuard guard(other.lock_);
  for (int fd = 0; fd < kMaxFds; ++fd) {
    if (!other.slots_[fd].file) continue;
    retain(other.slots_[fd].file);
    slots_[fd] = other.slots_[fd];
  }
}

int FdTable::open_count() const {
  arch::IrqLockGuard guard(lock_);
  int n = 0;
  for (const Slot& s : slots_) n += s.file != nullptr;
  return n;
}

}  // namespace akuma::proc
