// Known lines for the harness self-test: a few fixed lines, a named block (a line ending in
// ':' and its indented lines), one line whose values differ on every boot (a time and an
// address-like number from the clock), then exit status 0.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"

namespace akuma {

int program_main() {
  kprintf("lines: one\n");
  kprintf("lines: two\n");
  kprintf("lines: three\n");
  kprintf("a named block:\n");
  kprintf("  first indented line\n");
  kprintf("  second indented line\n");
  uint64_t ns = arch::timer::now_ns();
  kprintf("lines: clock %lu.%03lu ms, 0x%016lx\n", ns / 1000000, ns / 1000 % 1000, ns);
  kprintf("lines: done\n");
  return 0;
}

}  // namespace akuma
