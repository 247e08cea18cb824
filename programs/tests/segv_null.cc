// Loads from address 0 (hidden from the compiler, which would otherwise
// treat it as undefined behaviour).
extern "C" int main() {
  unsigned long v, addr = 0;
  asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
  return static_cast<int>(v);
}
