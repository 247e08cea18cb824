// Writes to a kernel address (the kernel image in the upper half): SIGSEGV.
int main(void) {
  unsigned long addr = 0xffffff8040080000ul, v = 0xdead;
  __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
  return 0;
}
