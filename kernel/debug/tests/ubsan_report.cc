// UBSan in the kernel (--config=ubsan) reports undefined behaviour as a panic that names the
// check, the source line and the values: here a signed overflow the compiler cannot see
// coming (the operand is volatile).
#include <stdint.h>

#include "kernel/boot/program.h"
#include "kernel/console/console.h"

namespace akuma {

int program_main() {
  volatile int32_t counter = INT32_MAX;
  kprintf("ubsan: adding one to %d\n", counter);
  int32_t next = counter + 1;
  kprintf("ubsan: not reported, the sum wrapped to %d\n", next);
  return 0;
}

}  // namespace akuma
