// Benchmark (not a test; tools/bench_spawn.sh boots it): spawn+exit+wait
// cycles per second, the cost of a thread switch, and fork_bench's figures.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/proc/tests/test_util.h"
#include "kernel/sched/scheduler.h"

namespace akuma {
namespace {

volatile bool stop_partner;

void yield_partner(void*) {
  while (!stop_partner) sched::yield();
}

}  // namespace

int program_main() {
  using namespace proc;
  using namespace proc::test;
  using arch::timer::now_ns;

  // Warm up once so first-use costs (heap chunks) are not counted.
  must_wait(must_spawn("quick_exit"));
  uint64_t start = now_ns();
  uint64_t cycles = 0;
  while (now_ns() - start < 2000000000ull) {
    must_wait(must_spawn("quick_exit"));
    ++cycles;
  }
  uint64_t ns = now_ns() - start;
  kprintf("bench: spawn+exit+wait: %llu cycles in %llu ms = %llu cycles/s\n",
          static_cast<unsigned long long>(cycles), static_cast<unsigned long long>(ns / 1000000),
          static_cast<unsigned long long>(cycles * 1000000000ull / ns));

  // Two threads yielding to each other: every yield is one switch.
  if (!sched::create_thread("partner", yield_partner, nullptr).ok()) return 1;
  constexpr uint64_t kYields = 200000;
  uint64_t switches_before = sched::stats().switches;
  start = now_ns();
  for (uint64_t i = 0; i < kYields; ++i) sched::yield();
  ns = now_ns() - start;
  uint64_t switches = sched::stats().switches - switches_before;
  stop_partner = true;
  sched::yield();
  kprintf("bench: kernel thread switch: %llu switches in %llu ms = %llu ns/switch\n",
          static_cast<unsigned long long>(switches), static_cast<unsigned long long>(ns / 1000000),
          static_cast<unsigned long long>(switches ? ns / switches : 0));

  // Two programs yielding to each other: syscall entry/exit, a thread switch
  // and an address space switch (TTBR0 + TLB flush) each time.
  const char* argv[] = {"yielder", "20000", nullptr};
  switches_before = sched::stats().switches;
  start = now_ns();
  Pid a = must_spawn("yielder", argv);
  Pid b = must_spawn("yielder", argv);
  must_wait(a);
  must_wait(b);
  ns = now_ns() - start;
  switches = sched::stats().switches - switches_before;
  kprintf("bench: user process switch (yield): %llu switches in %llu ms = %llu ns/switch\n",
          static_cast<unsigned long long>(switches), static_cast<unsigned long long>(ns / 1000000),
          static_cast<unsigned long long>(switches ? ns / switches : 0));

  // fork from a program (the eager copy), posix_spawn (vfork + exec).
  must_wait(must_spawn("fork_bench"));
  return 0;
}

}  // namespace akuma
