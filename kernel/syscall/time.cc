// Time syscalls: the clocks, sleeping (interruptible by kill), sched_yield
// lives with the process calls.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/api.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

constexpr uint64_t kNsPerSec = 1000000000ull;

abi::Timespec to_timespec(uint64_t ns) {
  return abi::Timespec{static_cast<int64_t>(ns / kNsPerSec), static_cast<int64_t>(ns % kNsPerSec)};
}

Result<uint64_t> read_duration(uint64_t uts) {
  abi::Timespec ts = TRY(UserPtr<abi::Timespec>{uts}.read(user_space()));
  if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= static_cast<int64_t>(kNsPerSec)) return Error::kInvalidArgument;
  // Years-long sleeps saturate rather than wrap.
  if (static_cast<uint64_t>(ts.sec) > (~0ull >> 2) / kNsPerSec) return ~0ull >> 2;
  return static_cast<uint64_t>(ts.sec) * kNsPerSec + static_cast<uint64_t>(ts.nsec);
}

// Reads clock `id` (kInvalidArgument for an unknown one).
Result<uint64_t> clock_now(int id) {
  switch (id) {
    case abi::kClockRealtime:
    case abi::kClockRealtimeCoarse:
      return arch::timer::realtime_ns();
    case abi::kClockMonotonic:
    case abi::kClockMonotonicRaw:
    case abi::kClockMonotonicCoarse:
    case abi::kClockBoottime:
      return sched::now_ns();
    case abi::kClockProcessCputimeId: {
      proc::Usage u = proc::self_usage();
      return u.user_ns + u.system_ns;
    }
    case abi::kClockThreadCputimeId: {
      proc::Usage u = proc::thread_self_usage();
      return u.user_ns + u.system_ns;
    }
    default:
      return Error::kInvalidArgument;
  }
}

// Sleeps until the monotonic deadline. Interrupted by a signal, it writes
// the time left to `rem` (if not 0) and keeps the deadline for
// restart_syscall, which resumes the sleep when no handler ran.
Result<void> sleep_until(uint64_t deadline, uint64_t rem) {
  Result<void> r = sched::sleep_until(deadline);
  if (r.ok()) return r;
  proc::Task* t = proc::current_task();
  t->restart_deadline_ns = deadline;
  t->restart_rem = rem;
  if (rem) {
    uint64_t now = sched::now_ns();
    TRY(UserPtr<abi::Timespec>{rem}.write(user_space(), to_timespec(deadline > now ? deadline - now : 0)));
  }
  return r;
}

}  // namespace

int64_t sys_nanosleep(const Args& a) {
  auto r = [&]() -> Result<void> {
    uint64_t span = TRY(read_duration(a.a[0]));
    return sleep_until(sched::now_ns() + span, a.a[1]);
  }();
  return to_return(r);
}

int64_t sys_restart_syscall(const Args&) {
  proc::Task* t = proc::current_task();
  if (!t->restart_deadline_ns) return -abi::err::kEINTR;  // nothing to resume
  return to_return(sleep_until(t->restart_deadline_ns, t->restart_rem));
}

int64_t sys_clock_nanosleep(const Args& a) {
  int id = a.i32(0);
  int flags = a.i32(1);
  UserPtr<abi::Timespec> rem{a.a[3]};
  auto r = [&]() -> Result<void> {
    if (id == abi::kClockProcessCputimeId || id == abi::kClockThreadCputimeId) return Error::kInvalidArgument;
    uint64_t now = TRY(clock_now(id));
    uint64_t value = TRY(read_duration(a.a[2]));
    // An absolute time on the requested clock becomes a monotonic deadline.
    uint64_t span = (flags & abi::kTimerAbstime) ? (value > now ? value - now : 0) : value;
    // An absolute sleep has no time left to report.
    return sleep_until(sched::now_ns() + span, (flags & abi::kTimerAbstime) ? 0 : rem.addr);
  }();
  return to_return(r);
}

namespace {

abi::Timeval to_timeval(uint64_t ns) {
  return abi::Timeval{static_cast<int64_t>(ns / kNsPerSec), static_cast<int64_t>(ns % kNsPerSec / 1000)};
}

abi::Itimerval to_itimerval(const proc::TimerValue& v) {
  return abi::Itimerval{to_timeval(v.interval_ns), to_timeval(v.value_ns)};
}

Result<uint64_t> from_timeval(const abi::Timeval& tv) {
  if (tv.sec < 0 || tv.usec < 0 || tv.usec >= 1000000) return Error::kInvalidArgument;
  if (static_cast<uint64_t>(tv.sec) > (~0ull >> 2) / kNsPerSec) return ~0ull >> 2;
  return static_cast<uint64_t>(tv.sec) * kNsPerSec + static_cast<uint64_t>(tv.usec) * 1000;
}

}  // namespace

// ITIMER_REAL only: the virtual and profiling timers are not kept (EINVAL).
int64_t sys_getitimer(const Args& a) {
  if (a.i32(0) != abi::kItimerReal) return -abi::err::kEINVAL;
  return to_return(UserPtr<abi::Itimerval>{a.a[1]}.write(user_space(), to_itimerval(proc::get_real_timer())));
}

int64_t sys_setitimer(const Args& a) {
  UserPtr<abi::Itimerval> unew{a.a[1]};
  UserPtr<abi::Itimerval> uold{a.a[2]};
  auto r = [&]() -> Result<void> {
    if (a.i32(0) != abi::kItimerReal) return Error::kInvalidArgument;
    proc::TimerValue v{0, 0};
    // A null new value disarms (as Linux treats it).
    if (!unew.null()) {
      abi::Itimerval in = TRY(unew.read(user_space()));
      v.value_ns = TRY(from_timeval(in.value));
      v.interval_ns = TRY(from_timeval(in.interval));
    }
    if (!uold.null()) TRY(check_user_writable(user_space(), uold.addr, sizeof(abi::Itimerval)));
    proc::TimerValue old = proc::set_real_timer(v);
    if (!uold.null()) TRY(uold.write(user_space(), to_itimerval(old)));
    return {};
  }();
  return to_return(r);
}

int64_t sys_clock_gettime(const Args& a) {
  auto r = [&]() -> Result<void> {
    uint64_t now = TRY(clock_now(a.i32(0)));
    return UserPtr<abi::Timespec>{a.a[1]}.write(user_space(), to_timespec(now));
  }();
  return to_return(r);
}

int64_t sys_clock_getres(const Args& a) {
  int id = a.i32(0);
  auto r = [&]() -> Result<void> {
    TRY(clock_now(id));
    if (a.a[1] == 0) return {};
    // The counter's resolution for the precise clocks; a tick for the coarse ones.
    bool coarse = id == abi::kClockRealtimeCoarse || id == abi::kClockMonotonicCoarse;
    uint64_t res = coarse ? kNsPerSec / arch::timer::tick_hz() : 1;
    return UserPtr<abi::Timespec>{a.a[1]}.write(user_space(), to_timespec(res));
  }();
  return to_return(r);
}

int64_t sys_gettimeofday(const Args& a) {
  auto r = [&]() -> Result<void> {
    if (a.a[0]) {
      uint64_t now = arch::timer::realtime_ns();
      TRY(UserPtr<abi::Timeval>{a.a[0]}.write(user_space(), to_timeval(now)));
    }
    if (a.a[1]) TRY((UserPtr<uint64_t>{a.a[1]}.write(user_space(), 0)));  // struct timezone: UTC
    return {};
  }();
  return to_return(r);
}

}  // namespace akuma::syscall
