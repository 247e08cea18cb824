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
    case abi::kClockProcessCputimeId:
    case abi::kClockThreadCputimeId: {
      proc::Usage u = proc::self_usage();
      return u.user_ns + u.system_ns;
    }
    default:
      return Error::kInvalidArgument;
  }
}

// Sleeps until the monotonic deadline; on an interruption the time left.
Result<void> sleep_until(uint64_t deadline, uint64_t* left) {
  Result<void> r = sched::sleep_until(deadline);
  if (!r.ok() && left) {
    uint64_t now = sched::now_ns();
    *left = deadline > now ? deadline - now : 0;
  }
  return r;
}

}  // namespace

int64_t sys_nanosleep(const Args& a) {
  UserPtr<abi::Timespec> rem{a.a[1]};
  auto r = [&]() -> Result<void> {
    uint64_t span = TRY(read_duration(a.a[0]));
    uint64_t left = 0;
    Result<void> slept = sleep_until(sched::now_ns() + span, &left);
    if (!slept.ok() && !rem.null()) TRY(rem.write(user_space(), to_timespec(left)));
    return slept;
  }();
  return to_return(r);
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
    uint64_t left = 0;
    Result<void> slept = sleep_until(sched::now_ns() + span, &left);
    if (!slept.ok() && !(flags & abi::kTimerAbstime) && !rem.null()) TRY(rem.write(user_space(), to_timespec(left)));
    return slept;
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
      abi::Timeval tv{static_cast<int64_t>(now / kNsPerSec), static_cast<int64_t>(now % kNsPerSec / 1000)};
      TRY(UserPtr<abi::Timeval>{a.a[0]}.write(user_space(), tv));
    }
    if (a.a[1]) TRY((UserPtr<uint64_t>{a.a[1]}.write(user_space(), 0)));  // struct timezone: UTC
    return {};
  }();
  return to_return(r);
}

}  // namespace akuma::syscall
