#include "kernel/arch/aarch64/semihosting.h"

#include <stdint.h>

namespace akuma::arch {
namespace {
constexpr uint64_t kSysExitExtended = 0x20;
constexpr uint64_t kAdpStoppedApplicationExit = 0x20026;
}  // namespace

void semihosting_exit(int status) {
  // SYS_EXIT_EXTENDED takes a pointer to {reason, subcode}.
  uint64_t block[2] = {kAdpStoppedApplicationExit, static_cast<uint64_t>(status)};
  register uint64_t op asm("x0") = kSysExitExtended;
  register uint64_t arg asm("x1") = reinterpret_cast<uint64_t>(block);
  asm volatile("hlt #0xf000" : : "r"(op), "r"(arg) : "memory");
  // Without -semihosting the hlt traps; never return either way.
  for (;;) asm volatile("wfi");
}

}  // namespace akuma::arch
