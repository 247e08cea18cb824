// KASAN (--config=kasan): a write one element past the end of a heap array is reported with
// the access, the object it ran out of and where that object was allocated.
#include "kernel/boot/program.h"
#include "kernel/console/console.h"

namespace akuma {

[[gnu::noinline]] void fill(int* values, int count) {
  for (int i = 0; i <= count; ++i) values[i] = i;  // <= : one too many
}

int program_main() {
  kprintf("kasan: filling an array of 10 ints with 11 values\n");
  int* values = new int[10];
  fill(values, 10);
  kprintf("kasan: not reported\n");
  delete[] values;
  return 0;
}

}  // namespace akuma
