// The kernel's memory: the physical page allocator over RAM after the kernel
// image, and the heap behind operator new/delete.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/page_allocator.h"

namespace akuma {

// QEMU is started with -m 128M (harness/qemu.py); the kernel relies on it.
constexpr uint64_t kRamBase = 0x40000000;
constexpr uint64_t kRamSize = 128ull << 20;

void memory_init();

Result<uint64_t> alloc_pages(size_t count = 1);
// Zero-filled pages (page tables, user memory).
Result<uint64_t> alloc_zeroed_pages(size_t count = 1);
void free_pages(uint64_t addr, size_t count = 1);
size_t free_page_count();
size_t total_page_count();

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
