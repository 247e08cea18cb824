// Per-process timers: ITIMER_REAL (setitimer, getitimer, and alarm through
// them), SIGALRM at each expiry. The timer runs from the scheduler tick;
// exit cancels it before anything else of the process goes (the seed's
// first step), so a timer of an exited process never fires.
//
// As on Linux, an interval timer starts its next period when its SIGALRM is
// taken (rearm_real_timer_locked, from next_signal), not when it fires: while
// the signal is pending, getitimer shows 0, and a SIGALRM nobody takes
// (ignored) ends the timer.
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

// Tick context, sched lock held.
void real_timer_fired(sched::Timer* timer) {
  auto* rt = reinterpret_cast<RealTimer*>(reinterpret_cast<char*>(timer) - __builtin_offsetof(RealTimer, timer));
  rt->expired_ns = sched::now_ns();
  send_to_process_locked(*rt->process, SigInfo{kSIGALRM, kSiKernel, 0, 0, 0, 0, 0, 0});
}

TimerValue value_locked(const RealTimer& rt) {
  TimerValue v{0, rt.interval_ns};
  if (rt.timer.deadline_ns) {
    uint64_t now = sched::now_ns();
    // A timer due but not yet run by the tick still has a moment left.
    v.value_ns = rt.timer.deadline_ns > now ? rt.timer.deadline_ns - now : 1000;
  }
  return v;
}

}  // namespace

void init_real_timer(Process& p) {
  p.real_timer.process = &p;
  p.real_timer.timer.fire = real_timer_fired;
}

void rearm_real_timer_locked(Process& p) {
  RealTimer& rt = p.real_timer;
  if (rt.timer.deadline_ns || rt.interval_ns == 0 || rt.expired_ns == 0) return;
  // The next period after the last expiry, skipping those already past.
  uint64_t now = sched::now_ns();
  uint64_t next = rt.expired_ns + rt.interval_ns;
  if (next <= now) next += (now - next) / rt.interval_ns * rt.interval_ns + rt.interval_ns;
  sched::arm_timer_locked(rt.timer, next);
}

void cancel_timers_locked(Process& p) {
  sched::cancel_timer_locked(p.real_timer.timer);
  p.real_timer.interval_ns = 0;
}

TimerValue set_real_timer(const TimerValue& v) {
  Process& p = current_process();
  SchedLock lock;
  TimerValue old = value_locked(p.real_timer);
  sched::cancel_timer_locked(p.real_timer.timer);
  p.real_timer.expired_ns = 0;
  p.real_timer.interval_ns = v.value_ns ? v.interval_ns : 0;
  if (v.value_ns) sched::arm_timer_locked(p.real_timer.timer, sched::now_ns() + v.value_ns);
  return old;
}

TimerValue get_real_timer() {
  Process& p = current_process();
  SchedLock lock;
  return value_locked(p.real_timer);
}

}  // namespace akuma::proc
