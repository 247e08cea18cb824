#include "kernel/sched/wait_queue.h"

#include "kernel/sched/scheduler.h"

namespace akuma::sched {

namespace {

Result<void> outcome(Thread::WakeReason why) {
  switch (why) {
    case Thread::WakeReason::kInterrupted: return Error::kInterrupted;
    case Thread::WakeReason::kTimedOut: return Error::kTimedOut;
    default: return {};
  }
}

}  // namespace

Result<void> WaitQueue::wait(Wait kind, uint64_t deadline_ns) {
  SchedLock lock;
  Thread* self = current();
  bool interruptible = kind == Wait::kInterruptible;
  if (interruptible && self->interrupt_pending) return Error::kInterrupted;
  waiters_.push_back(*self);
  return outcome(block_current_locked(interruptible, deadline_ns));
}

Result<void> WaitQueue::wait_unlocking(arch::IrqSpinLock& outer, Wait kind, uint64_t deadline_ns,
                                       const bool* unless) {
  Thread::WakeReason why;
  {
    SchedLock lock;
    Thread* self = current();
    bool interruptible = kind == Wait::kInterruptible;
    if (interruptible && self->interrupt_pending) return Error::kInterrupted;
    if (unless && __atomic_load_n(unless, __ATOMIC_ACQUIRE)) return {};
    waiters_.push_back(*self);
    // IRQs stay masked (the sched lock): `outer` goes, the wait begins.
    outer.release_masked();
    why = block_current_locked(interruptible, deadline_ns);
  }
  // Taken again outside the sched lock: it ranks before it.
  outer.acquire_masked();
  return outcome(why);
}

void WaitQueue::wake_one() {
  SchedLock lock;
  if (Thread* t = waiters_.front()) {
    t->wake_reason = Thread::WakeReason::kWoken;
    make_ready_locked(t);
  }
}

void WaitQueue::wake_all() {
  SchedLock lock;
  while (Thread* t = waiters_.front()) {
    t->wake_reason = Thread::WakeReason::kWoken;
    make_ready_locked(t);
  }
}

size_t WaitQueue::wake_if(Predicate pred, void* ctx, size_t max) {
  size_t n = 0;
  waiters_.for_each_safe([&](Thread& t) {
    if (n >= max || !pred(t, ctx)) return;
    t.wake_reason = Thread::WakeReason::kWoken;
    make_ready_locked(&t);
    ++n;
  });
  return n;
}

size_t WaitQueue::move_if(WaitQueue& to, Predicate pred, void* ctx, size_t max) {
  size_t n = 0;
  waiters_.for_each_safe([&](Thread& t) {
    if (n >= max || !pred(t, ctx)) return;
    waiters_.remove(t);
    to.waiters_.push_back(t);
    ++n;
  });
  return n;
}

void WaitQueue::remove(Thread& t) {
  IntrusiveList<Thread, &Thread::queue_node>::remove(t);
}

}  // namespace akuma::sched
