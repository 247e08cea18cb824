// A kernel that never prints: the harness must call this a boot timeout.
#include "kernel/boot/program.h"

namespace akuma {

int program_main() {
  for (;;) asm volatile("wfi");
}

}  // namespace akuma
