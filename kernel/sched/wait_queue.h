// Wait queues: threads block on one until woken, interrupted (kill) or timed
// out. The usual shape, with the condition re-checked after every wake-up:
//
//   SchedLock lock;
//   while (!ready()) TRY(queue.wait(Wait::kInterruptible));
//
// The sched lock is held across the check and the wait, so a wake-up between
// them cannot be lost.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/lock.h"
#include "kernel/lib/intrusive_list.h"
#include "kernel/lib/result.h"
#include "kernel/sched/thread.h"

namespace akuma::sched {

enum class Wait : uint8_t {
  kUninterruptible,  // only a wake() ends it
  kInterruptible,    // interrupt() (kill) ends it with kInterrupted
};

class WaitQueue {
 public:
  WaitQueue() = default;
  WaitQueue(const WaitQueue&) = delete;
  WaitQueue& operator=(const WaitQueue&) = delete;

  // Blocks the current thread. Returns ok when woken, kInterrupted when
  // interrupted (at once if an interrupt is already pending), kTimedOut when
  // deadline_ns (0 = none) passes first. Call with the sched lock held.
  Result<void> wait(Wait kind, uint64_t deadline_ns = 0);
  // The same for a caller that holds `outer`, a lock ranked before the
  // sched lock (the net lock): it is let go once the thread is on the queue
  // (so a wake-up after the caller's check cannot be lost) and taken again
  // before returning. Call without the sched lock. `unless`: a flag that a
  // waker which does not hold `outer` (an IRQ handler on another CPU) sets
  // before its wake-up: read under the sched lock, set, it makes the call
  // return at once (ok), so a wake-up between the caller's own check and
  // the wait is not lost.
  Result<void> wait_unlocking(arch::IrqSpinLock& outer, Wait kind, uint64_t deadline_ns = 0,
                              const bool* unless = nullptr) AKUMA_REQUIRES(outer);

  // Wake the first / every waiter. Safe from IRQ handlers.
  void wake_one();
  void wake_all();
  // Wakes up to `max` waiters, in order, for which pred(waiter, ctx) holds;
  // returns how many. Sched lock held.
  using Predicate = bool (*)(Thread& waiter, void* ctx);
  size_t wake_if(Predicate pred, void* ctx, size_t max);
  // Moves up to `max` such waiters to `to`, still asleep; returns how many.
  size_t move_if(WaitQueue& to, Predicate pred, void* ctx, size_t max);
  bool empty() const { return waiters_.empty(); }

  // Used by the scheduler when a waiter leaves early (interrupt, timeout).
  static void remove(Thread& t);

 private:
  IntrusiveList<Thread, &Thread::queue_node> waiters_;  // sched lock
};

}  // namespace akuma::sched
