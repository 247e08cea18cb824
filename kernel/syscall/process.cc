// Process syscalls: exit, getpid, getppid, spawn, wait4, kill, yield,
// chan_read. Each validates its arguments, copies user memory through the
// caller's address space, and delegates to kernel/proc.
#include "kernel/mm/address_space.h"
#include "kernel/proc/api.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

AddressSpace& space() { return *proc::current_process().space; }

// argv from user memory into kernel buffers.
struct KernelArgv {
  char storage[1024];
  const char* ptrs[proc::kMaxArgs + 1];
};

Result<void> copy_argv(uint64_t uargv, const char* name, KernelArgv& out) {
  if (uargv == 0) {
    out.ptrs[0] = name;
    out.ptrs[1] = nullptr;
    return {};
  }
  size_t used = 0, n = 0;
  for (;; ++n) {
    if (n == proc::kMaxArgs) return Error::kRange;
    uint64_t ptr = TRY((UserPtr<uint64_t>{uargv + n * sizeof(uint64_t)}.read(space())));
    if (ptr == 0) break;
    size_t len = TRY(copy_string_from_user(space(), out.storage + used, ptr, sizeof(out.storage) - used));
    out.ptrs[n] = out.storage + used;
    used += len + 1;
  }
  out.ptrs[n] = nullptr;
  return {};
}

}  // namespace

int64_t sys_exit(const Args& a) { proc::exit_current(abi::status_exited(static_cast<int>(a.a[0]))); }

int64_t sys_getpid(const Args&) { return proc::current_process().pid; }

int64_t sys_getppid(const Args&) {
  sched::SchedLock lock;  // reparenting changes ppid
  return proc::current_process().ppid;
}

int64_t sys_spawn(const Args& a) {
  char name[proc::kNameLen];
  auto r = [&]() -> Result<proc::Pid> {
    if (a.a[2] > static_cast<uint64_t>(abi::Stdio::kChannel)) return Error::kInvalidArgument;
    TRY(copy_string_from_user(space(), name, a.a[0], sizeof(name)));
    KernelArgv argv;
    TRY(copy_argv(a.a[1], name, argv));
    return proc::spawn(name, argv.ptrs, static_cast<abi::Stdio>(a.a[2]));
  }();
  return to_return(r);
}

int64_t sys_wait4(const Args& a) {
  proc::Pid pid = static_cast<proc::Pid>(static_cast<int64_t>(a.a[0]));
  int options = static_cast<int>(a.a[2]);
  if (options & ~abi::kWNOHANG) return to_errno(Error::kInvalidArgument);
  UserPtr<int> status{a.a[1]};
  UserPtr<abi::Rusage> usage{a.a[3]};
  auto r = [&]() -> Result<proc::Pid> {
    // Check the destinations before reaping, so a bad pointer loses nothing.
    if (!status.null()) TRY(status.write(space(), 0));
    if (!usage.null()) TRY(usage.write(space(), abi::Rusage{}));
    proc::WaitResult w = TRY(proc::wait4(pid, options));
    if (w.pid != 0) {
      if (!status.null()) TRY(status.write(space(), w.status));
      if (!usage.null()) TRY(usage.write(space(), w.rusage));
    }
    return w.pid;
  }();
  return to_return(r);
}

int64_t sys_kill(const Args& a) {
  auto r = proc::kill(static_cast<proc::Pid>(static_cast<int64_t>(a.a[0])));
  if (!r.ok() && r.error() == Error::kNotFound) return -abi::kESRCH;
  return to_return(r);
}

int64_t sys_yield(const Args&) {
  sched::yield();
  return 0;
}

int64_t sys_chan_read(const Args& a) {
  proc::Pid pid = static_cast<proc::Pid>(static_cast<int64_t>(a.a[0]));
  uint64_t ubuf = a.a[1];
  size_t len = min<size_t>(a.a[2], 256);
  char buf[256];
  auto r = [&]() -> Result<size_t> {
    if (len == 0) return size_t{0};
    TRY(check_user_writable(space(), ubuf, len));  // fail before consuming output
    size_t n = TRY(proc::read_output(pid, buf, len));
    TRY(copy_to_user(space(), ubuf, buf, n));
    return n;
  }();
  if (!r.ok() && r.error() == Error::kNotFound) return -abi::kESRCH;
  return to_return(r);
}

}  // namespace akuma::syscall
