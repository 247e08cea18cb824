// A long-running program's output reaches its reader as it is written, not
// at exit: each line is read while the program is still alive.
#include "kernel/proc/tests/test_util.h"

namespace akuma {

int program_main() {
  using namespace proc;
  using namespace proc::test;
  const char* argv[] = {"ticker", "5", "100", nullptr};
  Job job;
  must_start(job, "ticker", argv, Stdio::kJob);
  Pid pid = job.pid;
  int lines = 0;
  bool first_four_live = true;
  char buf[128];
  for (;;) {
    auto n = job.read(buf, sizeof(buf) - 1);
    if (!n.ok() || n.value() == 0) break;
    buf[n.value()] = '\0';
    bool alive = info(pid).ok() && info(pid).value().state != ProcessState::kZombie;
    // Lines 1-4 are each followed by a 100 ms sleep, so they must arrive
    // while the ticker is alive; line 5 may race its exit.
    if (++lines <= 4) first_four_live &= alive;
    kprintf("read: %s", buf);
  }
  kprintf("end of output after %d lines; lines 1-4 read while the ticker ran: %s\n", lines,
          yes(first_four_live));
  kprintf("[exit code: %d]\n", code(must_wait(pid).status));
  return 0;
}

}  // namespace akuma
