// KASAN (--config=kasan): freeing a heap object twice is reported at the second free, with
// where the object was allocated and first freed.
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/mm/memory.h"

namespace akuma {

[[gnu::noinline]] void release(void* buffer) { kfree(buffer); }

int program_main() {
  kprintf("kasan: freeing a buffer twice\n");
  void* buffer = kmalloc(100).value_or(nullptr);
  release(buffer);
  release(buffer);
  kprintf("kasan: not reported\n");
  return 0;
}

}  // namespace akuma
