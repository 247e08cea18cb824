// A kernel that prints one line and then never finishes: the harness must
// call this a hang, and stop QEMU.
#include "kernel/boot/program.h"
#include "kernel/console/console.h"

namespace akuma {

int program_main() {
  kprintf("hang: spinning forever\n");
  for (;;) asm volatile("wfi");
}

}  // namespace akuma
