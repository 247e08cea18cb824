// The kernel's memory: the physical page allocator over RAM after the kernel
// image, and the heap behind operator new/delete.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/page_allocator.h"

namespace akuma {

// A physical range the boot loader placed in RAM and the kernel still needs
// (the initramfs): kept out of the page allocator until released.
struct PhysRange {
  uint64_t start;
  uint64_t end;
};

// RAM as the device tree describes it; the page allocator covers what the
// kernel image leaves of it, minus `reserved`.
void memory_init(uint64_t ram_base, uint64_t ram_size, const PhysRange* reserved, size_t reserved_count);
// Gives a reserved range back to the page allocator.
void release_reserved(PhysRange range);
// Pages release_reserved gave back since boot.
size_t released_page_count();

Result<uint64_t> alloc_pages(size_t count = 1);
// Zero-filled pages (page tables, user memory).
Result<uint64_t> alloc_zeroed_pages(size_t count = 1);
void free_pages(uint64_t addr, size_t count = 1);
size_t free_page_count();
size_t total_page_count();
// RAM the kernel's sanitizer took for itself at boot, outside the page allocator (KASAN's
// shadow under --config=kasan; 0 otherwise).
size_t sanitizer_page_count();

Result<void*> kmalloc(size_t size);
void kfree(void* p);
HeapStats heap_stats();

// Tag for allocations that may fail: `new (akuma::fallible) T(...)` returns
// nullptr when memory is exhausted. Plain `new` panics instead, for the
// allocations the kernel cannot continue without.
struct Fallible {};
inline constexpr Fallible fallible{};

}  // namespace akuma

void* operator new(size_t size, const akuma::Fallible&) noexcept;
void* operator new[](size_t size, const akuma::Fallible&) noexcept;
