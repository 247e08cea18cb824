// Writes to kernel memory (the kernel image at 0x40080000, mapped EL1-only).
extern "C" int main() {
  unsigned long addr = 0x40080000, v = 0xdead;
  asm volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
  return 0;
}
