// Programs that fault are killed with the right status and one line from the
// kernel; the kernel keeps running programs afterwards.
#include "kernel/proc/tests/test_util.h"

namespace akuma {

int program_main() {
  using namespace proc;
  using namespace proc::test;
  auto baseline = MemorySnapshot::now();
  const char* const faulting[] = {"segv_null", "segv_kernel", "illegal"};
  for (const char* name : faulting) {
    WaitResult w = must_wait(must_spawn(name));
    kprintf("%s [exit code: %d]\n", name, code(w.status));
  }
  const char* zero[] = {"exit_with", "0", nullptr};
  WaitResult w = must_wait(must_spawn("exit_with", zero));
  kprintf("a program after the faults [exit code: %d]\n", code(w.status));
  kprintf("memory back to baseline: %s\n", yes(MemorySnapshot::now() == baseline));
  return 0;
}

}  // namespace akuma
