// 500 spawn/kill/wait cycles leave free pages and heap bytes exactly where
// they started: nothing leaks on the kill path.
#include "kernel/proc/tests/test_util.h"
#include "kernel/sched/scheduler.h"

namespace akuma {

int program_main() {
  using namespace proc;
  using namespace proc::test;
  auto baseline = MemorySnapshot::now();
  auto threads_before = sched::stats().live_threads;
  int killed = 0;
  for (int i = 0; i < 500; ++i) {
    Pid p = must_spawn("spinner");
    if (i % 2) sched::yield();  // half are killed before they ever ran
    if (!kill(p).ok()) break;
    killed += code(must_wait(p).status) == 137;
  }
  auto after = MemorySnapshot::now();
  kprintf("500 cycles, killed with 137: %d\n", killed);
  kprintf("free pages: %zu before, %zu after\n", baseline.free_pages, after.free_pages);
  kprintf("heap bytes: %zu before, %zu after\n", baseline.heap_bytes, after.heap_bytes);
  kprintf("free pages equal to baseline: %s\n", yes(after.free_pages == baseline.free_pages));
  kprintf("heap bytes equal to baseline: %s\n", yes(after.heap_bytes == baseline.heap_bytes));
  kprintf("threads equal to baseline: %s\n", yes(sched::stats().live_threads == threads_before));
  return after == baseline ? 0 : 1;
}

}  // namespace akuma
