// A kernel fault produces the panic report: decoded ESR, FAR, ELR, registers
// and a backtrace, and QEMU exits with the panic status.
#include <stdint.h>

#include "kernel/boot/program.h"
#include "kernel/console/console.h"

namespace akuma {

// Not inlined, so the backtrace shows a caller chain.
[[gnu::noinline]] void write_through(volatile uint64_t* p) { *p = 0xbad; }
[[gnu::noinline]] void faulting_caller() {
  write_through(reinterpret_cast<volatile uint64_t*>(0x0));
  asm volatile("");  // keep the frame
}

int program_main() {
  kprintf("fault: writing through a null pointer\n");
  faulting_caller();
  kprintf("fault: still running?!\n");
  return 0;
}

}  // namespace akuma
