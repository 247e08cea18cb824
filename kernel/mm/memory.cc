#include "kernel/mm/memory.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/lock.h"
#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/console/console.h"
#if AKUMA_KASAN
#include "kernel/debug/kasan.h"
#endif

extern "C" char __kernel_end[];

namespace akuma {
namespace {

// The heap takes its pages from the page allocator with its own lock held:
// the heap's lock is the outer one (arch/aarch64/lock.h).
arch::IrqSpinLock pages_lock("pages", arch::LockRank::kPages);
arch::IrqSpinLock heap_lock("heap", arch::LockRank::kHeap);
PageAllocator pages;       // pages_lock
Heap heap;                 // heap_lock (and KASAN's quarantine)
uint64_t sanitizer_pages;  // taken at boot by the kernel's sanitizer (KASAN's shadow)

// KASAN (kernel/debug/kasan.h) follows every page and heap object; without it these are
// no-ops the compiler drops.
#if AKUMA_KASAN
constexpr bool kKasan = true;
// The stacks KASAN records start at the caller of the allocator function that calls these.
#define CALLER_FRAME reinterpret_cast<uint64_t>(__builtin_frame_address(0))
[[gnu::always_inline]] inline void note_pages_allocated(uint64_t addr, size_t n) {
  kasan::pages_allocated(addr, n, CALLER_FRAME);
}
[[gnu::always_inline]] inline void note_pages_freed(uint64_t addr, size_t n) {
  kasan::pages_freed(addr, n, CALLER_FRAME);
}
void note_heap_chunk(uint64_t addr, size_t n) { kasan::heap_chunk_added(addr, n); }
// Freed objects wait in KASAN's quarantine; these give the heap back what leaves it.
// The caller holds heap_lock.
void evict_quarantine(bool drain) {
  while (void* block = kasan::quarantine_evict(drain)) {
    if (!heap.free(block).ok()) panic("kasan: the heap refused a block from the quarantine: %p", block);
  }
}
#else
constexpr bool kKasan = false;
void note_pages_allocated(uint64_t, size_t) {}
void note_pages_freed(uint64_t, size_t) {}
void note_heap_chunk(uint64_t, size_t) {}
void evict_quarantine(bool) {}
#endif

// Empties KASAN's quarantine into the heap (whose free chunks may go back to the page
// allocator): takes heap_lock, so never called with pages_lock held.
void drain_quarantine() {
  if (!kKasan) return;
  arch::IrqLockGuard guard(heap_lock);
  evict_quarantine(true);
}

// Inlined so that KASAN's recorded stack starts at alloc_pages's caller.
[[gnu::always_inline]] inline Result<uint64_t> take_pages(size_t count) {
  arch::IrqLockGuard guard(pages_lock);
  auto addr = pages.alloc(count);
  if (addr.ok()) note_pages_allocated(addr.value(), count);
  return addr;
}

Result<uint64_t> heap_page_alloc(void*, size_t n) {
  arch::IrqLockGuard guard(pages_lock);
  uint64_t addr = TRY(pages.alloc(n));
  note_heap_chunk(addr, n);
  return addr;
}
void heap_page_free(void*, uint64_t addr, size_t n) {
  arch::IrqLockGuard guard(pages_lock);
  (void)pages.free(addr, n);
  note_pages_freed(addr, n);
}

}  // namespace

void memory_init(uint64_t ram_base, uint64_t ram_size, const PhysRange* reserved, size_t reserved_count) {
  // Pages are handed out as kernel (linear-map) addresses.
  uint64_t start = align_up(reinterpret_cast<uint64_t>(__kernel_end), kPageSize);
  uint64_t end = phys_to_virt(ram_base + ram_size);
#if AKUMA_KASAN
  // KASAN's shadow (and page records) for all of RAM's linear map, right after the image;
  // the boot loader put the initramfs and the device tree further up (checked below).
  uint64_t kasan_bytes = kasan::reserved_bytes(ram_size);
  for (size_t i = 0; i < reserved_count; ++i) {
    if (phys_to_virt(reserved[i].start) < start + kasan_bytes) panic("kasan: no room for the shadow below %p", reinterpret_cast<void*>(reserved[i].start));
  }
  kasan::init(phys_to_virt(ram_base), ram_size, reinterpret_cast<void*>(start));
  start += kasan_bytes;
  sanitizer_pages = kasan_bytes / kPageSize;
#endif
  if (start >= end) panic("memory: no RAM after the kernel image");
  size_t count = (end - start) / kPageSize;
  // The allocator's bitmap takes the first pages it manages.
  auto* bitmap = reinterpret_cast<uint64_t*>(start);
  size_t bitmap_bytes = (count + 63) / 64 * sizeof(uint64_t);
  pages.init(start, count, bitmap);
  pages.reserve(start, bitmap_bytes);
  for (size_t i = 0; i < reserved_count; ++i) {
    pages.reserve(phys_to_virt(reserved[i].start), reserved[i].end - reserved[i].start);
  }
  heap.init(PageSource{nullptr, heap_page_alloc, heap_page_free});
#if AKUMA_KASAN
  // Free pages are poison; the bitmap and what is reserved are the kernel's.
  note_pages_freed(start, count);
  note_pages_allocated(start, align_up(bitmap_bytes, kPageSize) / kPageSize);
  for (size_t i = 0; i < reserved_count; ++i) {
    uint64_t first = align_down(phys_to_virt(reserved[i].start), kPageSize);
    uint64_t last = align_up(phys_to_virt(reserved[i].end), kPageSize);
    if (last > first) note_pages_allocated(first, (last - first) / kPageSize);
  }
  kasan::enable();
#endif
  klog("memory: %zu of %zu pages free from %p\n", pages.free_pages(), pages.total_pages(),
       reinterpret_cast<void*>(start));
}

size_t released_pages = 0;  // pages lock: release_reserved's total

void release_reserved(PhysRange range) {
  arch::IrqLockGuard guard(pages_lock);
  uint64_t first = align_down(phys_to_virt(range.start), kPageSize);
  uint64_t last = align_up(phys_to_virt(range.end), kPageSize);
  if (last > first && !pages.free(first, (last - first) / kPageSize).ok()) {
    panic("memory: releasing %p..%p, which was not reserved", reinterpret_cast<void*>(range.start),
          reinterpret_cast<void*>(range.end));
  }
  if (last > first) note_pages_freed(first, (last - first) / kPageSize);
  if (last > first) released_pages += (last - first) / kPageSize;
}

size_t released_page_count() {
  arch::IrqLockGuard guard(pages_lock);
  return released_pages;
}

Result<uint64_t> alloc_pages(size_t count) {
  auto first = take_pages(count);
  if (first.ok() || !kKasan) return first;
  drain_quarantine();  // what KASAN holds back is the first memory to give up
  return take_pages(count);
}

Result<uint64_t> alloc_zeroed_pages(size_t count) {
  uint64_t addr = TRY(alloc_pages(count));
  __builtin_memset(reinterpret_cast<void*>(addr), 0, count * kPageSize);
  return addr;
}

void free_pages(uint64_t addr, size_t count) {
  arch::IrqLockGuard guard(pages_lock);
  if (!pages.free(addr, count).ok()) panic("free_pages: %p (%zu pages) was not allocated", reinterpret_cast<void*>(addr), count);
  note_pages_freed(addr, count);
}

// The figures say what the kernel uses, not what KASAN holds back for checking: its
// quarantine is emptied first.
size_t free_page_count() {
  drain_quarantine();
  arch::IrqLockGuard guard(pages_lock);
  return pages.free_pages();
}
size_t total_page_count() { return pages.total_pages(); }
size_t sanitizer_page_count() { return sanitizer_pages; }

Result<void*> kmalloc(size_t size) {
  arch::IrqLockGuard guard(heap_lock);
#if AKUMA_KASAN
  if (size > (1ull << 30)) return Error::kNoMemory;
  size_t want = kasan::block_size(size);
  auto first = heap.alloc(want);
  if (!first.ok()) evict_quarantine(true);
  void* block = first.ok() ? first.value() : TRY(heap.alloc(want));
  return kasan::object_allocated(block, size, heap.usable_size(block), CALLER_FRAME);
#else
  return heap.alloc(size);
#endif
}

void kfree(void* p) {
  arch::IrqLockGuard guard(heap_lock);
#if AKUMA_KASAN
  if (!p) return;
  kasan::object_freed(p, CALLER_FRAME);  // reports a double or invalid free
  evict_quarantine(false);
#else
  if (!heap.free(p).ok()) panic("kfree: %p is not a live heap allocation", p);
#endif
}

HeapStats heap_stats() {
  arch::IrqLockGuard guard(heap_lock);
  evict_quarantine(true);
  return heap.stats();
}

}  // namespace akuma

using akuma::kfree;
using akuma::kmalloc;

void* operator new(size_t size, const akuma::Fallible&) noexcept { return kmalloc(size).value_or(nullptr); }
void* operator new[](size_t size, const akuma::Fallible&) noexcept { return kmalloc(size).value_or(nullptr); }

void* operator new(size_t size) {
  auto r = kmalloc(size);
  if (!r.ok()) akuma::panic("out of kernel heap allocating %zu bytes", size);
  return r.value();
}
void* operator new[](size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { kfree(p); }
void operator delete[](void* p) noexcept { kfree(p); }
void operator delete(void* p, size_t) noexcept { kfree(p); }
void operator delete[](void* p, size_t) noexcept { kfree(p); }
