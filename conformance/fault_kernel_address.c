// A user program touching a kernel address (the upper half of the address space) is ended
// with SIGSEGV (11), whether it reads, writes or jumps there.
#include "conformance/fault.h"

#define KERNEL_ADDRESS 0xffff800008000000UL

static void read_kernel(void) { (void)*(volatile long *)KERNEL_ADDRESS; }
static void write_kernel(void) { *(volatile long *)KERNEL_ADDRESS = 1; }
static void jump_kernel(void) { ((void (*)(void))KERNEL_ADDRESS)(); }
static void read_top(void) { (void)*(volatile char *)0xfffffffffffff000UL; }

int main(void) {
  start();
  fault_in_child("read of a kernel address", read_kernel);
  fault_in_child("write to a kernel address", write_kernel);
  fault_in_child("jump to a kernel address", jump_kernel);
  fault_in_child("read of the top page", read_top);
  printf("parent carries on: yes\n");
  return 0;
}
