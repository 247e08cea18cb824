// Processes on 4 CPUs (issue 10), run at -smp 4 only: a process with a thread spinning at
// EL0 on every CPU killed, 50 times; 1000 kills racing exits, with victims running on other
// CPUs; four kernel threads doing 500 spawn/wait cycles each at once. Afterwards threads,
// free pages and heap bytes are exactly where they started.
#include "kernel/arch/aarch64/percpu.h"
#include "kernel/lib/string.h"
#include "kernel/proc/tests/test_util.h"
#include "kernel/sched/scheduler.h"

namespace akuma {
namespace {

using namespace proc;
using namespace proc::test;

constexpr int kSpinRounds = 50;
constexpr int kRaces = 1000;
constexpr int kSpawners = 4;
constexpr int kCyclesEach = 500;

// Waits until `job` has printed `line` (a whole line), or its output ends.
bool wait_for_line(Job& job, const char* line) {
  char got[64];
  size_t len = 0;
  for (;;) {
    char c;
    auto n = job.read(&c, 1);
    if (!n.ok() || n.value() == 0) return false;
    if (c != '\n') {
      if (len < sizeof(got) - 1) got[len++] = c;
      continue;
    }
    got[len] = '\0';
    if (string_equal(got, line)) return true;
    len = 0;
  }
}

// A process with one thread per CPU spinning in user mode, killed once all run.
bool kill_spinning_threads(int cpus) {
  char count[8];
  format_to(count, sizeof(count), "%d", cpus);
  char ready[24];
  format_to(ready, sizeof(ready), "spinning %d", cpus);
  const char* argv[] = {"spin_threads", count, nullptr};
  Job job;
  must_start(job, "spin_threads", argv, Stdio::kJob);
  bool all_started = wait_for_line(job, ready);
  auto i = info(job.pid);
  bool threads_ok = i.ok() && i.value().threads == cpus;
  bool killed = kill(job.pid).ok();
  int c = code(must_wait(job.pid).status);
  return all_started && threads_ok && killed && c == 137;
}

// Spins about `us` microseconds (the victim keeps running on its CPU meanwhile).
void spin_us(uint64_t us) {
  uint64_t end = sched::now_ns() + us * 1000;
  while (sched::now_ns() < end) {
  }
}

struct Spawner {
  int index;
  int right;  // cycles reaped with exit code 0
};
Spawner spawners[kSpawners];
int spawners_done;  // atomic

void spawn_cycles(void* arg) {
  auto* s = static_cast<Spawner*>(arg);
  // busy_exit 0: exits 0 at once, printing nothing.
  const char* argv[] = {"busy_exit", "0", nullptr};
  for (int i = 0; i < kCyclesEach; ++i) s->right += code(must_wait(must_spawn("busy_exit", argv)).status) == 0;
  __atomic_add_fetch(&spawners_done, 1, __ATOMIC_RELEASE);
}

}  // namespace

int program_main() {
  int cpus = static_cast<int>(sched::stats().cpus);
  kprintf("CPUs: %d\n", cpus);
  auto baseline = MemorySnapshot::now();
  size_t threads_before = sched::stats().live_threads;

  int spin_ok = 0;
  for (int r = 0; r < kSpinRounds; ++r) spin_ok += kill_spinning_threads(cpus);
  kprintf("a thread spinning in user mode on each CPU, %d rounds: all started, then killed with 137: %s\n",
          kSpinRounds, yes(spin_ok == kSpinRounds));

  // kill racing exit: children computing 0..4 units, killed at once, after a
  // yield, after ~50 us or ~500 us of this CPU spinning (the child runs on
  // another), so the kill lands before it ran, while it runs, or after it exited.
  int killed = 0, exited = 0, other = 0, running_elsewhere = 0;
  for (int i = 0; i < kRaces; ++i) {
    char work[16];
    format_to(work, sizeof(work), "%d", (i % 5) * 200000);
    const char* argv[] = {"busy_exit", work, nullptr};
    Pid p = must_spawn("busy_exit", argv);
    switch (i % 4) {
      case 0: break;
      case 1: sched::yield(); break;
      case 2: spin_us(50); break;
      case 3: spin_us(500); break;
    }
    auto before = info(p);
    if (before.ok() && before.value().state == ProcessState::kRunning &&
        before.value().cpu != static_cast<int>(arch::this_cpu().id)) {
      ++running_elsewhere;
    }
    if (!kill(p).ok()) ++other;
    int c = code(must_wait(p).status);
    if (c == 137) ++killed;
    else if (c == 0) ++exited;
    else ++other;
  }
  kprintf("kill racing exit, %d rounds: all reaped with 0 or 137: %s\n", kRaces,
          yes(other == 0 && killed + exited == kRaces));
  kprintf("both outcomes seen: %s; victims running on another CPU when killed: %s\n",
          yes(killed > 0 && exited > 0), yes(running_elsewhere > 0));

  for (int s = 0; s < kSpawners; ++s) {
    spawners[s] = Spawner{s, 0};
    if (!sched::create_thread("spawner", spawn_cycles, &spawners[s]).ok()) {
      kprintf("FAIL: create_thread\n");
      return 1;
    }
  }
  while (__atomic_load_n(&spawners_done, __ATOMIC_ACQUIRE) < kSpawners) (void)sched::sleep_ms(10);
  int right = 0;
  for (const Spawner& s : spawners) right += s.right;
  kprintf("%d kernel threads x %d spawn/wait cycles at once: every one reaped with 0: %s\n", kSpawners, kCyclesEach,
          yes(right == kSpawners * kCyclesEach));

  // The spawners' threads end (their stacks freed by the next switch on
  // their CPUs) just after they count themselves done.
  while (sched::stats().live_threads != threads_before) (void)sched::sleep_ms(10);
  auto after = MemorySnapshot::now();
  kprintf("threads back to baseline: yes\n");
  kprintf("free pages back to baseline: %s\n", yes(after.free_pages == baseline.free_pages));
  kprintf("heap bytes back to baseline: %s\n", yes(after.heap_bytes == baseline.heap_bytes));
  if (!(after == baseline)) {
    kprintf("  free pages %zu -> %zu, heap bytes %zu -> %zu\n", baseline.free_pages, after.free_pages,
            baseline.heap_bytes, after.heap_bytes);
  }
  return after == baseline ? 0 : 1;
}

}  // namespace akuma
