// Time syscalls: sleep (interruptible by kill) and the monotonic uptime.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {

int64_t sys_sleep_ms(const Args& a) {
  uint64_t ms = a.a[0];
  if (ms > 1000ull * 3600 * 24 * 365) return to_errno(Error::kInvalidArgument);
  return to_return(sched::sleep_ms(ms));
}

int64_t sys_uptime_ms(const Args&) { return static_cast<int64_t>(arch::timer::now_ms()); }

}  // namespace akuma::syscall
