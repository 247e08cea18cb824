// The kernel heap on the real machine: mixed allocation patterns return heap
// usage and pages to their baseline; exhaustion gives an error or nullptr
// (fallible new), never a crash.
#include "kernel/arch/aarch64/panic.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/mm/memory.h"

namespace akuma {
namespace {

struct Node {
  Node* next;
  uint8_t payload[200];
};

// A small deterministic generator for allocation sizes.
uint32_t next_random(uint32_t& state) {
  state = state * 1103515245u + 12345u;
  return state >> 8;
}

}  // namespace

int program_main() {
  const size_t pages_before = free_page_count();
  const HeapStats before = heap_stats();
  kprintf("heap: %zu bytes in use at start\n", before.bytes_in_use);

  // Interleaved allocations of random sizes, freed in a different order.
  void* slots[512] = {};
  uint32_t rng = 42;
  for (int round = 0; round < 4000; ++round) {
    uint32_t k = next_random(rng) % 512;
    if (slots[k]) {
      kfree(slots[k]);
      slots[k] = nullptr;
    } else {
      slots[k] = TRY_OR_PANIC(kmalloc(1 + next_random(rng) % 2048));
      __builtin_memset(slots[k], 0xa5, 1);
    }
  }
  for (void*& s : slots) {
    kfree(s);
    s = nullptr;
  }
  kprintf("heap: 4000 mixed kmalloc/kfree rounds done\n");

  // new/delete of objects.
  Node* list = nullptr;
  for (int i = 0; i < 1000; ++i) list = new Node{list, {}};
  while (list) {
    Node* next = list->next;
    delete list;
    list = next;
  }
  kprintf("heap: 1000 objects created and deleted\n");
  kprintf("heap: bytes in use back at baseline: %s\n",
          heap_stats().bytes_in_use == before.bytes_in_use ? "yes" : "no");

  // Exhaustion through fallible new: fill memory with 64 KiB objects.
  struct Big {
    Big* next;
    uint8_t fill[65536];
  };
  Big* bigs = nullptr;
  size_t count = 0;
  for (;;) {
    Big* b = new (fallible) Big;
    if (!b) break;
    b->next = bigs;
    bigs = b;
    ++count;
  }
  kprintf("heap: fallible new returned nullptr after %zu objects of 64 KiB\n", count);
  auto r = kmalloc(1 << 20);
  kprintf("heap: kmalloc with memory exhausted: %s\n", r.ok() ? "succeeded?!" : error_name(r.error()));
  while (bigs) {
    Big* next = bigs->next;
    delete bigs;
    bigs = next;
  }
  bool pages_back = free_page_count() == pages_before;
  bool heap_back = heap_stats().bytes_in_use == before.bytes_in_use;
  kprintf("heap: after freeing, bytes in use at baseline: %s, free pages at baseline: %s\n",
          heap_back ? "yes" : "no", pages_back ? "yes" : "no");
  return pages_back && heap_back && count > 1000 && !r.ok() ? 0 : 1;
}

}  // namespace akuma
