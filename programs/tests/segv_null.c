// Reads through a null pointer: SIGSEGV.
int main(void) {
  unsigned long v, addr = 0;
  __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
  return (int)v;
}
