// An explicit panic() prints its message and a backtrace, and the harness
// sees the panic exit status.
#include "kernel/arch/aarch64/panic.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"

namespace akuma {

[[gnu::noinline]] void check_invariant(int value) {
  if (value != 7) panic("invariant broken: value is %d, expected 7", value);
  asm volatile("");
}

int program_main() {
  kprintf("panic: checking an invariant that does not hold\n");
  check_invariant(3);
  return 0;
}

}  // namespace akuma
