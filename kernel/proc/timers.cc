// Per-process timers: ITIMER_REAL (setitimer, getitimer, and alarm through
// them), SIGALRM at each expiry. The timer runs from the scheduler tick;
// exit cancels it before anything else of the process goes (the seed's
// first step), so a timer of an exited process never fires.
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

// Tick context, sched lock held.
void real_timer_fired(sched::Timer* timer) {
  auto* rt = reinterpret_cast<RealTimer*>(reinterpret_cast<char*>(timer) - __builtin_offsetof(RealTimer, timer));
  Process& p = *rt->process;
  send_to_process_locked(p, SigInfo{kSIGALRM, kSiKernel, 0, 0, 0, 0, 0, 0});
  if (rt->interval_ns) {
    uint64_t now = sched::now_ns();
    uint64_t next = now + rt->interval_ns;
    sched::arm_timer_locked(rt->timer, next);
  }
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

void cancel_timers_locked(Process& p) {
  sched::cancel_timer_locked(p.real_timer.timer);
  p.real_timer.interval_ns = 0;
}

TimerValue set_real_timer(const TimerValue& v) {
  Process& p = current_process();
  SchedLock lock;
  TimerValue old = value_locked(p.real_timer);
  sched::cancel_timer_locked(p.real_timer.timer);
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
