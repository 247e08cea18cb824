// Runs ready_race (a deliberate race) and reports how it ended; its golden is the order the
// race usually gives. Some seeds give the other order: `.stress` finds them and `.repro --
// --seed=S` replays them (harness/selftest: Schedules).
#include "kernel/proc/tests/test_util.h"

namespace akuma {

int program_main() {
  using namespace proc::test;
  const char* argv[] = {"ready_race", nullptr};
  proc::Pid pid = must_spawn("ready_race", argv);
  kprintf("ready_race [exit code: %d]\n", code(must_wait(pid).status));
  return 0;
}

}  // namespace akuma
