// Alignment at EL0: ordinary loads and stores may be misaligned (they work), but an
// exclusive load at a misaligned address takes an alignment fault: SIGBUS (7).
// (A misaligned stack pointer is not tested: QEMU does not check SP alignment.)
#include <stdint.h>
#include <string.h>

#include "conformance/fault.h"

static uint8_t buf[32] __attribute__((aligned(16)));

static void exclusive_misaligned(void) {
  unsigned long v;
  __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(buf + 1) : "memory");
}

int main(void) {
  start();
  for (int i = 0; i < 32; i++) buf[i] = (uint8_t)i;
  uint64_t v;
  __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(buf + 3) : "memory");
  uint64_t expected;
  memcpy(&expected, buf + 3, sizeof expected);
  printf("ldr of 8 bytes at an odd address: works: %s\n", yes_no(v == expected));
  __asm__ volatile("str %0, [%1]" : : "r"(0x1122334455667788UL), "r"(buf + 9) : "memory");
  memcpy(&v, buf + 9, sizeof v);
  printf("str of 8 bytes at an odd address: works: %s\n", yes_no(v == 0x1122334455667788UL));
  fault_in_child("ldxr at an odd address", exclusive_misaligned);
  printf("parent carries on: yes\n");
  return 0;
}
