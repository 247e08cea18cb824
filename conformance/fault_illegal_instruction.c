// Undefined and privileged instructions at EL0 end the child with SIGILL (4).
#include "conformance/fault.h"

static void udf(void) { __asm__ volatile("udf #0"); }
static void read_ttbr0_el1(void) {
  unsigned long v;
  __asm__ volatile("mrs %0, ttbr0_el1" : "=r"(v));
}
static void eret(void) { __asm__ volatile("eret"); }
static void hvc(void) { __asm__ volatile("hvc #0"); }

int main(void) {
  start();
  fault_in_child("udf #0", udf);
  fault_in_child("mrs ttbr0_el1 (EL1 register)", read_ttbr0_el1);
  fault_in_child("eret", eret);
  fault_in_child("hvc #0", hvc);
  printf("parent carries on: yes\n");
  return 0;
}
