// Wait queue and sleep semantics, seen from kernel threads: an interrupt
// (what kill uses) cuts interruptible waits short with kInterrupted, leaves
// uninterruptible ones alone, deadlines give kTimedOut, wake_one is FIFO,
// wake_all wakes every waiter, and a stale thread id never names the thread
// that reuses its slot. The same transcript at any CPU count: the test waits
// for states (a thread blocked, a count reached), never for a time.
#include "kernel/console/console.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sched/wait_queue.h"

namespace akuma {
namespace {

using namespace sched;

WaitQueue queue;
int finished;      // atomic: threads on several CPUs finish at once
bool early_go;     // atomic: interrupted_early may wait now

const char* outcome(const Result<void>& r) { return r.ok() ? "woken" : error_name(r.error()); }

void finish() { __atomic_add_fetch(&finished, 1, __ATOMIC_ACQ_REL); }

void wait_for(int n) {
  while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < n) (void)sleep_ms(5);
}

ThreadState state_of(Thread* t) {
  SchedLock lock;
  return t->state;
}

// Until `t` has blocked (in its wait or sleep), however long it takes to start.
void wait_blocked(Thread* t) {
  while (state_of(t) != ThreadState::kBlocked) (void)sleep_ms(1);
}

void long_sleep(void*) {
  kprintf("  sleep(10 s) -> %s\n", outcome(sleep_ms(10000)));
  finish();
}

void interruptible_wait(void*) {
  kprintf("  interruptible wait -> %s\n", outcome(queue.wait(Wait::kInterruptible)));
  finish();
}

void uninterruptible_wait(void*) {
  kprintf("  uninterruptible wait -> %s\n", outcome(queue.wait(Wait::kUninterruptible)));
  finish();
}

void deadline_wait(void*) {
  kprintf("  wait with a 30 ms deadline -> %s\n",
          outcome(queue.wait(Wait::kInterruptible, now_ns() + 30000000ull)));
  finish();
}

void numbered_wait(void* arg) {
  (void)queue.wait(Wait::kUninterruptible);
  kprintf("  waiter %d woken\n", static_cast<int>(reinterpret_cast<uintptr_t>(arg)));
  finish();
}

void counted_wait(void*) {
  (void)queue.wait(Wait::kUninterruptible);
  finish();
}

void interrupted_early(void*) {
  // The interrupt arrives before the thread waits: the flag is sticky.
  while (!__atomic_load_n(&early_go, __ATOMIC_ACQUIRE)) yield();
  kprintf("  interrupt pending before the wait: %s\n", interrupt_pending() ? "yes" : "no");
  kprintf("  interruptible wait -> %s\n", outcome(queue.wait(Wait::kInterruptible)));
  finish();
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
  wait_blocked(t);
  kprintf("  sleeper is %s\n", thread_state_name(state_of(t)));
  ThreadId old_id = t->id;
  interrupt(old_id);
  wait_for(1);

  kprintf("interrupting a queue wait:\n");
  t = start("waiter", interruptible_wait);
  wait_blocked(t);
  interrupt(t->id);
  wait_for(2);

  kprintf("interrupting an uninterruptible wait:\n");
  t = start("stubborn", uninterruptible_wait);
  wait_blocked(t);
  interrupt(t->id);
  (void)sleep_ms(20);  // what it would take to see a wrong wake-up
  kprintf("  after the interrupt it is still %s\n", thread_state_name(state_of(t)));
  queue.wake_one();
  wait_for(3);

  kprintf("a deadline:\n");
  start("deadline", deadline_wait);
  wait_for(4);

  kprintf("an interrupt before the wait:\n");
  t = start("early", interrupted_early);
  interrupt(t->id);
  __atomic_store_n(&early_go, true, __ATOMIC_RELEASE);
  wait_for(5);

  // Each waiter arrives once the one before is in the queue; each is woken
  // (and has said so) before the next: on several CPUs the woken would run,
  // and print, side by side.
  kprintf("wake_one wakes in arrival order:\n");
  for (uintptr_t i = 1; i <= 3; ++i) wait_blocked(start("numbered", numbered_wait, reinterpret_cast<void*>(i)));
  for (int k = 1; k <= 3; ++k) {
    queue.wake_one();
    wait_for(5 + k);
  }
  kprintf("wake_all wakes every waiter:\n");
  for (int i = 0; i < 3; ++i) wait_blocked(start("counted", counted_wait));
  queue.wake_all();
  wait_for(11);
  kprintf("  3 of 3 woken\n");

  kprintf("stale thread ids:\n");
  kprintf("  the first sleeper's id names a thread: %s\n", lookup(old_id) ? "yes" : "no");
  Thread* reuse = start("reuse", long_sleep);
  wait_blocked(reuse);
  kprintf("  a new thread in the same slot: %s; same id: %s\n",
          reuse->id.slot() == old_id.slot() ? "yes" : "no", reuse->id == old_id ? "yes" : "no");
  interrupt(old_id);  // stale: must not touch the new thread
  (void)sleep_ms(20);  // what it would take to see a wrong wake-up
  kprintf("  interrupt through the stale id left the new thread %s\n", thread_state_name(state_of(reuse)));
  interrupt(reuse->id);
  wait_for(12);
  return 0;
}

}  // namespace akuma
