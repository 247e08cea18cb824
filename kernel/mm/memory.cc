#include "kernel/mm/memory.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/lock.h"
#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/console/console.h"

extern "C" char __kernel_end[];

namespace akuma {
namespace {

// The heap takes its pages from the page allocator with its own lock held:
// the heap's lock is the outer one (arch/aarch64/lock.h).
arch::IrqSpinLock pages_lock("pages", arch::LockRank::kPages);
arch::IrqSpinLock heap_lock("heap", arch::LockRank::kHeap);
PageAllocator pages;  // pages_lock
Heap heap;            // heap_lock

Result<uint64_t> heap_page_alloc(void*, size_t n) {
  arch::IrqLockGuard guard(pages_lock);
  return pages.alloc(n);
}
void heap_page_free(void*, uint64_t addr, size_t n) {
  arch::IrqLockGuard guard(pages_lock);
  (void)pages.free(addr, n);
}

}  // namespace

void memory_init(uint64_t ram_base, uint64_t ram_size, const PhysRange* reserved, size_t reserved_count) {
  // Pages are handed out as kernel (linear-map) addresses.
  uint64_t start = align_up(reinterpret_cast<uint64_t>(__kernel_end), kPageSize);
  uint64_t end = phys_to_virt(ram_base + ram_size);
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
  klog("memory: %zu of %zu pages free from %p\n", pages.free_pages(), pages.total_pages(),
       reinterpret_cast<void*>(start));
}

void release_reserved(PhysRange range) {
  arch::IrqLockGuard guard(pages_lock);
  uint64_t first = align_down(phys_to_virt(range.start), kPageSize);
  uint64_t last = align_up(phys_to_virt(range.end), kPageSize);
  if (last > first && !pages.free(first, (last - first) / kPageSize).ok()) {
    panic("memory: releasing %p..%p, which was not reserved", reinterpret_cast<void*>(range.start),
          reinterpret_cast<void*>(range.end));
  }
}

Result<uint64_t> alloc_pages(size_t count) {
  arch::IrqLockGuard guard(pages_lock);
  return pages.alloc(count);
}

Result<uint64_t> alloc_zeroed_pages(size_t count) {
  uint64_t addr = TRY(alloc_pages(count));
  __builtin_memset(reinterpret_cast<void*>(addr), 0, count * kPageSize);
  return addr;
}

void free_pages(uint64_t addr, size_t count) {
  arch::IrqLockGuard guard(pages_lock);
  if (!pages.free(addr, count).ok()) panic("free_pages: %p (%zu pages) was not allocated", reinterpret_cast<void*>(addr), count);
}

size_t free_page_count() {
  arch::IrqLockGuard guard(pages_lock);
  return pages.free_pages();
}
size_t total_page_count() { return pages.total_pages(); }

Result<void*> kmalloc(size_t size) {
  arch::IrqLockGuard guard(heap_lock);
  return heap.alloc(size);
}

void kfree(void* p) {
  arch::IrqLockGuard guard(heap_lock);
  if (!heap.free(p).ok()) panic("kfree: %p is not a live heap allocation", p);
}

HeapStats heap_stats() {
  arch::IrqLockGuard guard(heap_lock);
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
