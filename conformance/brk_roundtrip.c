// The program break: brk(0) reports it; growing it by 1 MiB gives zeroed, writable memory;
// shrinking it back releases the memory (touching it then is SIGSEGV); a break below the
// start or absurdly high is refused (the break stays where it was).
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/fault.h"

enum { kGrow = 1 << 20 };

static uintptr_t sys_brk(uintptr_t addr) { return (uintptr_t)syscall(SYS_brk, addr); }

static uintptr_t start_brk;

static void touch_released(void) { *(volatile char *)(start_brk + 4096) = 1; }

int main(void) {
  start();
  printf("brk round trip\n");  // allocates stdio's buffer before the break is read
  start_brk = sys_brk(0);
  printf("brk(0) > 0: %s\n", yes_no(start_brk > 0));
  uintptr_t grown = sys_brk(start_brk + kGrow);
  printf("brk(+1 MiB) returns the new break: %s\n", yes_no(grown == start_brk + kGrow));
  printf("brk(0) agrees: %s\n", yes_no(sys_brk(0) == grown));
  volatile uint8_t *p = (volatile uint8_t *)start_brk;
  int zero = 1;
  for (size_t i = 0; i < kGrow; i += 512) zero &= p[i] == 0;
  printf("the new memory reads as zero: %s\n", yes_no(zero));
  for (size_t i = 0; i < kGrow; i++) p[i] = (uint8_t)(i * 7);
  int same = 1;
  for (size_t i = 0; i < kGrow; i++) same &= p[i] == (uint8_t)(i * 7);
  printf("1 MiB written and read back: %s\n", yes_no(same));
  printf("brk(1) is refused, break unchanged: %s\n", yes_no(sys_brk(1) == grown));
  printf("brk(2^47) is refused, break unchanged: %s\n", yes_no(sys_brk(1UL << 47) == grown));
  printf("brk(back to the start) returns it: %s\n", yes_no(sys_brk(start_brk) == start_brk));
  fault_in_child("touching released break memory", touch_released);
  uintptr_t again = sys_brk(start_brk + 8192);
  printf("growing again gives zeroed memory: %s\n",
         yes_no(again == start_brk + 8192 && ((volatile uint8_t *)start_brk)[4096] == 0));
  return 0;
}
