// Benchmark (not a test; tools/bench_spawn.sh boots it): spawn+exit+wait
// cycles per second, the cost of a thread switch, the time from kill to the
// zombie of a victim spinning at EL0 on another CPU (with and without the
// IPI), and fork_bench's figures.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/proc/tests/test_util.h"
#include "kernel/sched/scheduler.h"

namespace akuma {
namespace {

volatile bool stop_partner;

// Microseconds from kill() to the zombie of a process spinning in user mode
// on another CPU, median of `rounds`; 0 if it could not be measured.
uint64_t kill_to_zombie_us(int rounds) {
  using namespace proc;
  using namespace proc::test;
  constexpr int kMax = 32;
  uint64_t took[kMax];
  int n = 0;
  for (int r = 0; r < rounds && r < kMax; ++r) {
    const char* argv[] = {"spin_threads", "1", nullptr};
    Job job;
    must_start(job, "spin_threads", argv, Stdio::kJob);
    char c;
    while (job.read(&c, 1).ok() && c != '\n') {  // "spinning 1": it runs user code
    }
    auto i = info(job.pid);
    if (!i.ok() || i.value().state != ProcessState::kRunning) {  // not on another CPU now
      (void)kill(job.pid);
      must_wait(job.pid);
      continue;
    }
    uint64_t t0 = arch::timer::now_ns();
    (void)kill(job.pid);
    (void)wait_exited(job.pid, 10000);
    took[n++] = (arch::timer::now_ns() - t0) / 1000;
    must_wait(job.pid);
  }
  if (n == 0) return 0;
  for (int a = 1; a < n; ++a) {
    for (int b = a; b > 0 && took[b] < took[b - 1]; --b) {
      uint64_t x = took[b];
      took[b] = took[b - 1];
      took[b - 1] = x;
    }
  }
  return took[n / 2];
}

void yield_partner(void*) {
  while (!stop_partner) sched::yield();
}

void measure_switches() {
  using namespace proc;
  using namespace proc::test;
  using arch::timer::now_ns;
  // Two threads yielding to each other: every yield is one switch.
  if (!sched::create_thread("partner", yield_partner, nullptr).ok()) return;
  constexpr uint64_t kYields = 200000;
  uint64_t start;
  uint64_t ns;
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

  // Switch costs need the two yielders to share one CPU: on several they run
  // side by side and a yield rarely switches.
  if (sched::stats().cpus == 1) {
    measure_switches();
  } else {
    kprintf("bench: thread and process switch: measured at 1 CPU only\n");
  }

  if (sched::stats().cpus > 1) {
    uint64_t with_ipi = kill_to_zombie_us(21);
    sched::set_interrupt_ipi(false);
    uint64_t without = kill_to_zombie_us(21);
    sched::set_interrupt_ipi(true);
    kprintf("bench: kill to zombie, victim spinning at EL0 on another CPU: %llu us with the IPI, %llu us without "
            "(median of 21)\n",
            static_cast<unsigned long long>(with_ipi), static_cast<unsigned long long>(without));
  }

  // fork from a program (the eager copy), posix_spawn (vfork + exec).
  must_wait(must_spawn("fork_bench"));
  return 0;
}

}  // namespace akuma
