// The physical page allocator on the real machine: alloc/free patterns leave
// the free count at its baseline, and exhausting RAM is an error, not a crash.
#include "kernel/arch/aarch64/panic.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/mm/memory.h"

namespace akuma {

int program_main() {
  const size_t baseline = free_page_count();
  kprintf("pages: %zu of %zu free at start\n", baseline, total_page_count());

  // Single pages, written to, then freed in reverse order.
  uint64_t singles[64];
  for (auto& p : singles) {
    p = TRY_OR_PANIC(alloc_zeroed_pages(1));
    *reinterpret_cast<volatile uint64_t*>(p) = p;
  }
  bool intact = true;
  for (auto p : singles) intact &= *reinterpret_cast<volatile uint64_t*>(p) == p;
  for (int i = 63; i >= 0; --i) free_pages(singles[i]);
  kprintf("pages: 64 single pages written and read back: %s\n", intact ? "ok" : "CORRUPT");

  // Contiguous runs of growing size.
  for (size_t n = 1; n <= 256; n *= 4) {
    uint64_t run = TRY_OR_PANIC(alloc_pages(n));
    free_pages(run, n);
  }
  kprintf("pages: runs of 1..256 pages allocated and freed\n");
  kprintf("pages: back at baseline: %s\n", free_page_count() == baseline ? "yes" : "no");

  // Exhaustion: take every page one by one until the allocator says no.
  size_t taken = 0;
  uint64_t chain = 0;  // freed pages are linked through their first word
  for (;;) {
    auto r = alloc_pages(1);
    if (!r.ok()) {
      kprintf("pages: exhausted after every free page: %s (error: %s)\n",
              taken == baseline ? "yes" : "no", error_name(r.error()));
      break;
    }
    *reinterpret_cast<uint64_t*>(r.value()) = chain;
    chain = r.value();
    ++taken;
  }
  while (chain) {
    uint64_t next = *reinterpret_cast<uint64_t*>(chain);
    free_pages(chain);
    chain = next;
  }
  kprintf("pages: %zu pages returned, back at baseline: %s\n", taken,
          free_page_count() == baseline ? "yes" : "no");
  return free_page_count() == baseline && intact ? 0 : 1;
}

}  // namespace akuma
