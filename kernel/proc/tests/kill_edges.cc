// kill's edge cases: a zombie, an unknown pid, PID 0, twice in a row, a
// process killing itself, kill racing exit, and orphans reparented to PID 0.
#include "kernel/proc/tests/test_util.h"
#include "kernel/lib/format.h"
#include "kernel/sched/scheduler.h"

namespace akuma {

int program_main() {
  using namespace proc;
  using namespace proc::test;
  auto baseline = MemorySnapshot::now();

  const char* five[] = {"exit_with", "5", nullptr};
  Pid z = must_spawn("exit_with", five);
  (void)wait_exited(z, 10000);
  auto k = kill(z);
  kprintf("kill of zombie %d: %s; still %s\n", z, k.ok() ? "ok, nothing to do" : error_name(k.error()),
          state_of(z));
  kprintf("its status is kept: exit code %d\n", code(must_wait(z).status));

  auto count_before = list(nullptr, 0);
  k = kill(12345);
  kprintf("kill of unknown pid 12345: %s; processes before %zu, after %zu\n",
          k.ok() ? "ok?" : error_name(k.error()), count_before, list(nullptr, 0));
  k = kill(0);
  kprintf("kill of PID 0: %s\n", k.ok() ? "ok?" : error_name(k.error()));

  Pid d = must_spawn("sleeper");
  (void)sched::sleep_ms(20);
  auto k1 = kill(d);
  auto k2 = kill(d);
  kprintf("double kill of %d: first %s, second %s\n", d, k1.ok() ? "ok" : "error", k2.ok() ? "ok" : "error");
  kprintf("[exit code: %d]\n", code(must_wait(d).status));

  kprintf("killer [exit code: %d]\n", code(must_wait(must_spawn("killer")).status));

  Pid s = must_spawn("kill_self");
  kprintf("kill_self [exit code: %d]\n", code(must_wait(s).status));

  // kill racing exit: children computing 0..4 units before exiting, killed
  // at once, after a yield, or after 5 / 15 ms, so the kill lands before the
  // child ran, while it runs (preempted in user mode), or after it exited.
  int killed = 0, exited = 0, other = 0;
  Pid last = 0;
  bool increasing = true;
  for (int i = 0; i < 200; ++i) {
    char work[16];
    format_to(work, sizeof(work), "%d", (i % 5) * 1000000);
    const char* argv[] = {"busy_exit", work, nullptr};
    Pid p = must_spawn("busy_exit", argv);
    increasing &= p > last;
    last = p;
    switch (i % 4) {
      case 0: break;
      case 1: sched::yield(); break;
      case 2: (void)sched::sleep_ms(5); break;
      case 3: (void)sched::sleep_ms(15); break;
    }
    if (!kill(p).ok()) ++other;
    int c = code(must_wait(p).status);
    if (c == 137) ++killed;
    else if (c == 0) ++exited;
    else ++other;
  }
  kprintf("kill racing exit, 200 rounds: all reaped with 0 or 137: %s (killed %d, exited first %d)\n",
          yes(other == 0 && killed + exited == 200), killed, exited);
  kprintf("both outcomes seen: %s; pids only grow: %s\n", yes(killed > 0 && exited > 0), yes(increasing));

  Pid o = must_spawn("orphan_maker");
  WaitResult w = must_wait(o);
  Pid orphan = o + 1;
  auto i = info(orphan);
  kprintf("orphan_maker [exit code: %d]; its child %d now has parent %d\n", code(w.status), orphan,
          i.ok() ? i.value().ppid : -1);
  w = must_wait(-1);
  kprintf("PID 0 reaps the orphan: pid %d, exit code %d\n", w.pid, code(w.status));

  auto after = MemorySnapshot::now();
  kprintf("memory back to baseline: %s\n", yes(after == baseline));
  return 0;
}

}  // namespace akuma
