// kill of a process blocked in each kind of wait (sleep, stdin read, wait4,
// channel read, write to a full channel) and of one spinning in user mode: each dies with 137, and
// its memory is back once it (and any orphan it left) is reaped.
#include "kernel/lib/string.h"
#include "kernel/proc/tests/test_util.h"
#include "kernel/sched/scheduler.h"

namespace akuma {
namespace {

using namespace proc;
using namespace proc::test;

void kill_and_reap(Pid pid) {
  auto k = kill(pid);
  kprintf("  kill(%d): %s; state now %s\n", pid, k.ok() ? "ok" : error_name(k.error()), state_of(pid));
  WaitResult w = must_wait(pid);
  kprintf("  [exit code: %d]\n", code(w.status));
}

enum class Extra { kNone, kHasChild, kEchoFirst };

void run_case(const char* what, const char* program, Stdio stdio, Extra extra = Extra::kNone) {
  bool has_child = extra == Extra::kHasChild;
  kprintf("%s:\n", what);
  auto before = MemorySnapshot::now();
  Job job;
  must_start(job, program, nullptr, stdio);
  Pid pid = job.pid;
  // Until it blocks (a spinner never does: a short look), however long the
  // start takes on a loaded machine.
  bool spins = string_equal(program, "spinner");
  (void)wait_settled(pid, spins ? 50 : 10000);
  kprintf("  pid %d '%s' is %s\n", pid, program, state_of(pid));
  if (extra == Extra::kEchoFirst) {
    // The stdin reader: show the channel works before killing it.
    (void)job.write("hello\n", 6);
    char buf[64];
    auto n = job.read(buf, sizeof(buf) - 1);
    if (n.ok()) {
      buf[n.value()] = '\0';
      kprintf("  its output: %s", buf);
    }
    (void)wait_settled(pid, 10000);
    kprintf("  pid %d is %s again\n", pid, state_of(pid));
  }
  kill_and_reap(pid);
  job.close();
  if (has_child) {
    Pid orphan = pid + 1;
    (void)wait_settled(orphan, 10000);  // what its parent's end woke it for, done
    auto i = info(orphan);
    kprintf("  its child %d: %s, parent now %d\n", orphan, state_of(orphan), i.ok() ? i.value().ppid : -1);
    kill_and_reap(orphan);
  }
  auto after = MemorySnapshot::now();
  kprintf("  memory back to before: %s\n", yes(after == before));
}

}  // namespace

int program_main() {
  run_case("blocked in sleep", "sleeper", Stdio::kConsole);
  run_case("blocked in stdin read", "stdin_echo", Stdio::kJob, Extra::kEchoFirst);
  run_case("blocked in wait4", "wait_child", Stdio::kConsole, Extra::kHasChild);
  run_case("blocked in a pipe read", "chan_reader", Stdio::kConsole, Extra::kHasChild);
  run_case("blocked writing to a full pipe", "flood", Stdio::kJob);
  run_case("spinning in user mode", "spinner", Stdio::kConsole);
  kprintf("kernel still running: yes\n");
  return 0;
}

}  // namespace akuma
