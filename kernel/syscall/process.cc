// Process syscalls: clone, execve, exit, exit_group, wait4, the ids, the
// thread-library hooks glibc calls at startup, resource usage and limits.
// Each validates its arguments, copies user memory through the caller's
// address space, and delegates to kernel/proc.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/api.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

abi::Timeval to_timeval(uint64_t ns) {
  return abi::Timeval{static_cast<int64_t>(ns / 1000000000), static_cast<int64_t>(ns % 1000000000 / 1000)};
}

abi::Rusage to_rusage(const proc::Usage& u) {
  abi::Rusage r{};
  r.utime = to_timeval(u.user_ns);
  r.stime = to_timeval(u.system_ns);
  r.maxrss = static_cast<int64_t>(u.max_rss_kib);
  r.minflt = static_cast<int64_t>(u.minor_faults);
  r.nvcsw = static_cast<int64_t>(u.voluntary_switches);
  r.nivcsw = static_cast<int64_t>(u.involuntary_switches);
  return r;
}

}  // namespace

int64_t sys_clone(const Args& a) {
  // AArch64's argument order: flags, stack, parent_tid, tls, child_tid.
  proc::CloneArgs c{a.a[0], a.a[1], a.a[2], a.a[3], a.a[4]};
  return to_return(proc::clone_current(current_frame(), c));
}

// glibc tries clone3 first and falls back to clone on ENOSYS.
int64_t sys_clone3(const Args&) { return -abi::err::kENOSYS; }

int64_t sys_execve(const Args& a) {
  // On success the frame now enters the new program; its x0 starts at 0.
  return to_return(proc::exec_current(current_frame(), a.a[0], a.a[1], a.a[2]));
}

int64_t sys_exit(const Args& a) { proc::exit_thread(proc::status_exited(a.i32(0))); }

int64_t sys_exit_group(const Args& a) { proc::exit_group(proc::status_exited(a.i32(0))); }

int64_t sys_wait4(const Args& a) {
  proc::Pid pid = a.i32(0);
  UserPtr<int> status{a.a[1]};
  int options = a.i32(2);
  UserPtr<abi::Rusage> usage{a.a[3]};
  constexpr int kKnown = abi::kWNOHANG | abi::kWUNTRACED | abi::kWCONTINUED | abi::kWNOTHREAD | abi::kWALL |
                         abi::kWCLONE;
  auto r = [&]() -> Result<proc::Pid> {
    if (options & ~kKnown) return Error::kInvalidArgument;
    // Check the destinations before reaping, so a bad pointer loses no
    // child; write them only when a child is reported (WNOHANG's 0 leaves
    // them untouched, as Linux does).
    if (!status.null()) TRY(check_user_writable(user_space(), status.addr, sizeof(int)));
    if (!usage.null()) TRY(check_user_writable(user_space(), usage.addr, sizeof(abi::Rusage)));
    static_assert(proc::kWaitNoHang == abi::kWNOHANG && proc::kWaitUntraced == abi::kWUNTRACED &&
                  proc::kWaitContinued == abi::kWCONTINUED);
    int wanted = options & (abi::kWNOHANG | abi::kWUNTRACED | abi::kWCONTINUED);
    proc::WaitResult w = TRY(proc::wait4(pid, wanted));
    if (w.pid != 0) {
      if (!status.null()) TRY(status.write(user_space(), w.status));
      if (!usage.null()) TRY(usage.write(user_space(), to_rusage(w.usage)));
    }
    return w.pid;
  }();
  return to_return(r);
}

int64_t sys_getpid(const Args&) { return proc::current_process().pid; }
int64_t sys_gettid(const Args&) { return proc::current_task()->tid; }

int64_t sys_getppid(const Args&) {
  sched::SchedLock lock;  // reparenting changes ppid
  return proc::current_process().ppid;
}

namespace {

// getpgid/getsid: 0 names the caller; ESRCH for no such process (a zombie
// still has its group and session).
int64_t group_of(proc::Pid pid, bool session) {
  if (pid == 0) pid = proc::current_process().pid;
  auto info = proc::info(pid);
  if (!info.ok()) return -abi::err::kESRCH;
  return session ? info.value().sid : info.value().pgid;
}

// ESRCH is "no such process" for the group calls (kNotFound elsewhere is ENOENT).
int64_t group_return(const Result<void>& r) {
  if (!r.ok() && r.error() == Error::kNotFound) return -abi::err::kESRCH;
  return to_return(r);
}

}  // namespace

int64_t sys_getpgid(const Args& a) { return group_of(a.i32(0), false); }
int64_t sys_getsid(const Args& a) { return group_of(a.i32(0), true); }

int64_t sys_setpgid(const Args& a) { return group_return(proc::set_process_group(a.i32(0), a.i32(1))); }

int64_t sys_setsid(const Args&) { return to_return(proc::create_session()); }

// Everyone is root: uid, euid, gid and egid are 0.
int64_t sys_getuid(const Args&) { return 0; }

int64_t sys_set_tid_address(const Args& a) {
  proc::Task* t = proc::current_task();
  t->clear_child_tid = a.a[0];
  return t->tid;
}

int64_t sys_set_robust_list(const Args& a) {
  // struct robust_list_head is 24 bytes on 64-bit Linux.
  if (a.a[1] != 24) return -abi::err::kEINVAL;
  proc::current_task()->robust_list = a.a[0];
  return 0;
}

int64_t sys_futex(const Args& a) {
  uint64_t uaddr = a.a[0];
  int op = a.i32(1);
  uint32_t val = static_cast<uint32_t>(a.a[2]);
  uint64_t utimeout = a.a[3];  // or val2 (REQUEUE)
  uint64_t uaddr2 = a.a[4];
  uint32_t val3 = static_cast<uint32_t>(a.a[5]);
  int cmd = op & abi::kFutexCmdMask;
  auto r = [&]() -> Result<int64_t> {
    switch (cmd) {
      case abi::kFutexWait:
      case abi::kFutexWaitBitset: {
        uint32_t bitset = cmd == abi::kFutexWait ? abi::kFutexBitsetMatchAny : val3;
        uint64_t deadline = 0;
        if (utimeout) {
          abi::Timespec ts = TRY(UserPtr<abi::Timespec>{utimeout}.read(user_space()));
          if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000) return Error::kInvalidArgument;
          uint64_t ns = static_cast<uint64_t>(ts.sec) * 1000000000ull + static_cast<uint64_t>(ts.nsec);
          uint64_t now = sched::now_ns();
          if (cmd == abi::kFutexWait) {
            deadline = now + ns;  // relative
          } else {
            // Absolute, on CLOCK_MONOTONIC or (FUTEX_CLOCK_REALTIME) the real-time clock.
            uint64_t clock_now = (op & abi::kFutexClockRealtime) ? arch::timer::realtime_ns() : now;
            deadline = now + (ns > clock_now ? ns - clock_now : 0);
          }
          if (deadline == 0) deadline = 1;
        }
        TRY(proc::futex_wait(uaddr, val, deadline, bitset));
        return 0;
      }
      case abi::kFutexWake:
      case abi::kFutexWakeBitset: {
        uint32_t bitset = cmd == abi::kFutexWake ? abi::kFutexBitsetMatchAny : val3;
        return static_cast<int64_t>(TRY(proc::futex_wake_bitset(uaddr, val, bitset)));
      }
      case abi::kFutexRequeue:
      case abi::kFutexCmpRequeue: {
        // val2 travels in the timeout argument.
        uint64_t requeue = utimeout > 0x7fffffff ? 0x7fffffff : utimeout;
        if (static_cast<int32_t>(val) < 0 || static_cast<int64_t>(utimeout) < 0) return Error::kInvalidArgument;
        const uint32_t* expected = cmd == abi::kFutexCmpRequeue ? &val3 : nullptr;
        return static_cast<int64_t>(TRY(proc::futex_requeue(uaddr, val, requeue, uaddr2, expected)));
      }
      default:
        return Error::kNotSupported;  // ENOSYS: PI futexes, WAKE_OP, ...
    }
  }();
  if (!r.ok() && r.error() == Error::kNotSupported) return -abi::err::kENOSYS;
  return to_return(r);
}

int64_t sys_getrusage(const Args& a) {
  int who = a.i32(0);
  UserPtr<abi::Rusage> out{a.a[1]};
  proc::Usage u;
  switch (who) {
    case abi::kRusageSelf:
      u = proc::self_usage();
      break;
    case abi::kRusageThread:
      u = proc::thread_self_usage();
      break;
    case abi::kRusageChildren:
      u = proc::children_usage();
      break;
    default:
      return -abi::err::kEINVAL;
  }
  return to_return(out.write(user_space(), to_rusage(u)));
}

namespace {

// The limits every process has: an 8 MiB stack, the descriptor table's size,
// everything else unlimited. Setting them is accepted only unchanged.
abi::Rlimit limit_of(int resource) {
  switch (resource) {
    case abi::kRlimitStack: return abi::Rlimit{kStackSize, abi::kRlimInfinity};
    case abi::kRlimitNofile: return abi::Rlimit{proc::FdTable::kMaxFds, proc::FdTable::kMaxFds};
    case 4: return abi::Rlimit{0, abi::kRlimInfinity};  // RLIMIT_CORE: no core dumps
    default: return abi::Rlimit{abi::kRlimInfinity, abi::kRlimInfinity};
  }
}

}  // namespace

int64_t sys_prlimit64(const Args& a) {
  proc::Pid pid = a.i32(0);
  int resource = a.i32(1);
  UserPtr<abi::Rlimit> new_limit{a.a[2]};
  UserPtr<abi::Rlimit> old_limit{a.a[3]};
  auto r = [&]() -> Result<void> {
    if (resource < 0 || resource >= abi::kRlimNlimits) return Error::kInvalidArgument;
    if (pid != 0 && pid != proc::current_process().pid) {
      sched::SchedLock lock;
      if (!proc::find_locked(pid)) return Error::kNotFound;
    }
    abi::Rlimit current = limit_of(resource);
    if (!new_limit.null()) {
      abi::Rlimit wanted = TRY(new_limit.read(user_space()));
      if (wanted.cur > wanted.max) return Error::kInvalidArgument;
      // Raising above the fixed maximum is refused; lowering is not kept.
      if (wanted.max > current.max) return Error::kPermission;
    }
    if (!old_limit.null()) TRY(old_limit.write(user_space(), current));
    return {};
  }();
  if (!r.ok() && r.error() == Error::kNotFound) return -abi::err::kESRCH;
  return to_return(r);
}

int64_t sys_getrlimit(const Args& a) {
  int resource = a.i32(0);
  if (resource < 0 || resource >= abi::kRlimNlimits) return -abi::err::kEINVAL;
  return to_return(UserPtr<abi::Rlimit>{a.a[1]}.write(user_space(), limit_of(resource)));
}

int64_t sys_umask(const Args&) {
  // Nothing is ever created (the file system is read-only): the mask is
  // Linux's default and stays.
  return 022;
}

int64_t sys_sched_yield(const Args&) {
  sched::yield();
  return 0;
}

// The CPUs a thread may run on, one bit per CPU in a mask of `len` bytes
// (a multiple of 8; ours has 64 bits, as many as kMaxCpus could ever need).
// pid: a thread id, 0 for the caller; ESRCH for none.
int64_t sys_sched_getaffinity(const Args& a) {
  size_t len = a.a[1];
  if (len < sizeof(uint64_t) || len % sizeof(uint64_t)) return -abi::err::kEINVAL;
  auto id = proc::thread_id_of(a.i32(0));
  if (!id.ok()) return -abi::err::kESRCH;
  auto mask = sched::affinity(id.value());
  if (!mask.ok()) return -abi::err::kESRCH;
  // Linux returns the size of its cpumask: the bytes it wrote.
  auto r = UserPtr<uint64_t>{a.a[2]}.write(user_space(), mask.value());
  return r.ok() ? static_cast<int64_t>(sizeof(uint64_t)) : to_errno(r.error());
}

int64_t sys_sched_setaffinity(const Args& a) {
  size_t len = a.a[1];
  if (len < sizeof(uint64_t)) return -abi::err::kEINVAL;  // bits past ours are ignored
  auto mask = UserPtr<uint64_t>{a.a[2]}.read(user_space());
  if (!mask.ok()) return to_errno(mask.error());
  auto id = proc::thread_id_of(a.i32(0));
  if (!id.ok()) return -abi::err::kESRCH;
  auto r = sched::set_affinity(id.value(), mask.value());
  if (!r.ok() && r.error() == Error::kNotFound) return -abi::err::kESRCH;
  return to_return(r);  // EINVAL: no online CPU in the mask
}

// getcpu(cpu, node, cache): the CPU the caller runs on, node 0.
int64_t sys_getcpu(const Args& a) {
  uint32_t where = sched::current_cpu();
  if (a.a[0]) {
    auto r = UserPtr<uint32_t>{a.a[0]}.write(user_space(), where);
    if (!r.ok()) return to_errno(r.error());
  }
  if (a.a[1]) {
    auto r = UserPtr<uint32_t>{a.a[1]}.write(user_space(), 0u);
    if (!r.ok()) return to_errno(r.error());
  }
  return 0;
}

}  // namespace akuma::syscall
