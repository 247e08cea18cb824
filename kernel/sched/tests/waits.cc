// Wait queue and sleep semantics, seen from kernel threads: an interrupt
// (what kill uses) cuts interruptible waits short with kInterrupted, leaves
// uninterruptible ones alone, deadlines give kTimedOut, wake_all is FIFO,
// and a stale thread id never names the thread that reuses its slot.
#include "kernel/console/console.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sched/wait_queue.h"

namespace akuma {
namespace {

using namespace sched;

WaitQueue queue;
volatile int finished;

const char* outcome(const Result<void>& r) { return r.ok() ? "woken" : error_name(r.error()); }

void wait_for(int n) {
  while (finished < n) (void)sleep_ms(5);
}

void long_sleep(void*) {
  kprintf("  sleep(10 s) -> %s\n", outcome(sleep_ms(10000)));
  finished = finished + 1;
}

void interruptible_wait(void*) {
  kprintf("  interruptible wait -> %s\n", outcome(queue.wait(Wait::kInterruptible)));
  finished = finished + 1;
}

void uninterruptible_wait(void*) {
  kprintf("  uninterruptible wait -> %s\n", outcome(queue.wait(Wait::kUninterruptible)));
  finished = finished + 1;
}

void deadline_wait(void*) {
  kprintf("  wait with a 30 ms deadline -> %s\n",
          outcome(queue.wait(Wait::kInterruptible, now_ns() + 30000000ull)));
  finished = finished + 1;
}

void numbered_wait(void* arg) {
  (void)queue.wait(Wait::kUninterruptible);
  kprintf("  waiter %d woken\n", static_cast<int>(reinterpret_cast<uintptr_t>(arg)));
  finished = finished + 1;
}

void interrupted_early(void*) {
  // The interrupt arrives before the thread waits: the flag is sticky.
  kprintf("  interrupt pending before the wait: %s\n", interrupt_pending() ? "yes" : "no");
  kprintf("  interruptible wait -> %s\n", outcome(queue.wait(Wait::kInterruptible)));
  finished = finished + 1;
}

Thread* start(const char* name, void (*fn)(void*), void* arg = nullptr) {
  auto t = create_thread(name, fn, arg);
  if (!t.ok()) {
    kprintf("FAIL: create_thread: %s\n", error_name(t.error()));
    return nullptr;
  }
  return t.value();
}

}  // namespace

int program_main() {
  kprintf("interrupting a sleep:\n");
  Thread* t = start("sleeper", long_sleep);
  (void)sleep_ms(20);
  kprintf("  sleeper is %s\n", thread_state_name(t->state));
  ThreadId old_id = t->id;
  interrupt(old_id);
  wait_for(1);

  kprintf("interrupting a queue wait:\n");
  t = start("waiter", interruptible_wait);
  (void)sleep_ms(20);
  interrupt(t->id);
  wait_for(2);

  kprintf("interrupting an uninterruptible wait:\n");
  t = start("stubborn", uninterruptible_wait);
  (void)sleep_ms(20);
  interrupt(t->id);
  (void)sleep_ms(20);
  kprintf("  after the interrupt it is still %s\n", thread_state_name(t->state));
  queue.wake_one();
  wait_for(3);

  kprintf("a deadline:\n");
  start("deadline", deadline_wait);
  wait_for(4);

  kprintf("an interrupt before the wait:\n");
  t = start("early", interrupted_early);
  interrupt(t->id);
  wait_for(5);

  kprintf("wake_all wakes in arrival order:\n");
  for (uintptr_t i = 1; i <= 3; ++i) start("numbered", numbered_wait, reinterpret_cast<void*>(i));
  (void)sleep_ms(20);
  queue.wake_all();
  wait_for(8);

  kprintf("stale thread ids:\n");
  kprintf("  the first sleeper's id names a thread: %s\n", lookup(old_id) ? "yes" : "no");
  Thread* reuse = start("reuse", long_sleep);
  kprintf("  a new thread in the same slot: %s; same id: %s\n",
          reuse->id.slot() == old_id.slot() ? "yes" : "no", reuse->id == old_id ? "yes" : "no");
  interrupt(old_id);  // stale: must not touch the new thread
  (void)sleep_ms(20);
  kprintf("  interrupt through the stale id left the new thread %s\n", thread_state_name(reuse->state));
  interrupt(reuse->id);
  wait_for(9);
  return 0;
}

}  // namespace akuma
