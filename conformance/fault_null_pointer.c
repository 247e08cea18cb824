// Reading, writing or calling through a null (or low, unmapped) pointer ends the child
// with SIGSEGV (11); the parent carries on.
#include "conformance/fault.h"

static void read_null(void) { (void)*(volatile int *)0; }
static void write_null(void) { *(volatile int *)0 = 1; }
static void read_low(void) { (void)*(volatile long *)0x1000; }
static void call_null(void) {
  void (*volatile fn)(void) = 0;
  fn();
}

int main(void) {
  start();
  fault_in_child("read through a null pointer", read_null);
  fault_in_child("write through a null pointer", write_null);
  fault_in_child("read at 0x1000", read_low);
  fault_in_child("call through a null pointer", call_null);
  printf("parent carries on: yes\n");
  return 0;
}
