// KASAN (--config=kasan): free pages are poisoned, so a write into a page after free_pages
// is reported with where the page was allocated and freed.
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/mm/memory.h"

namespace akuma {

[[gnu::noinline]] void clear_first_word(uint64_t page) { *reinterpret_cast<volatile uint64_t*>(page) = 0; }

int program_main() {
  kprintf("kasan: writing to a page after freeing it\n");
  uint64_t page = alloc_pages(1).value_or(0);
  clear_first_word(page);
  free_pages(page, 1);
  clear_first_word(page);
  kprintf("kasan: not reported\n");
  return 0;
}

}  // namespace akuma
