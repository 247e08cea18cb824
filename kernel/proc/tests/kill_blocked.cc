// kill of a process blocked in each kind of wait (sleep, stdin read, wait4,
// channel read, write to a full channel) and of one spinning in user mode: each dies with 137, and
// its memory is back once it (and any orphan it left) is reaped.
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

void run_case(const char* what, const char* program, abi::Stdio stdio, Extra extra = Extra::kNone) {
  bool has_child = extra == Extra::kHasChild;
  kprintf("%s:\n", what);
  auto before = MemorySnapshot::now();
  Pid pid = must_spawn(program, nullptr, stdio);
  (void)sched::sleep_ms(50);
  kprintf("  pid %d '%s' is %s\n", pid, program, state_of(pid));
  if (extra == Extra::kEchoFirst) {
    // The stdin reader: show the channel works before killing it.
    (void)write_input(pid, "hello\n", 6);
    char buf[64];
    auto n = read_output(pid, buf, sizeof(buf) - 1);
    if (n.ok()) {
      buf[n.value()] = '\0';
      kprintf("  its output: %s", buf);
    }
    (void)sched::sleep_ms(20);
    kprintf("  pid %d is %s again\n", pid, state_of(pid));
  }
  kill_and_reap(pid);
  if (has_child) {
    Pid orphan = pid + 1;
    auto i = info(orphan);
    kprintf("  its child %d: %s, parent now %d\n", orphan, state_of(orphan), i.ok() ? i.value().ppid : -1);
    kill_and_reap(orphan);
  }
  auto after = MemorySnapshot::now();
  kprintf("  memory back to before: %s\n", yes(after == before));
}

}  // namespace

int program_main() {
  run_case("blocked in sleep", "sleeper", abi::Stdio::kConsole);
  run_case("blocked in stdin read", "stdin_echo", abi::Stdio::kChannel, Extra::kEchoFirst);
  run_case("blocked in wait4", "wait_child", abi::Stdio::kConsole, Extra::kHasChild);
  run_case("blocked in channel read", "chan_reader", abi::Stdio::kConsole, Extra::kHasChild);
  run_case("blocked writing to a full channel", "flood", abi::Stdio::kChannel);
  run_case("spinning in user mode", "spinner", abi::Stdio::kConsole);
  kprintf("kernel still running: yes\n");
  return 0;
}

}  // namespace akuma
