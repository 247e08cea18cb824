// Physical page allocator: one bit per 4 KiB page over a contiguous range.
// Pure logic (no hardware access) so it is unit tested on the host; the
// kernel's instance covers RAM after the kernel image (pages.h).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma {

constexpr uint64_t kPageSize = 4096;

class PageAllocator {
 public:
  // Manages `page_count` pages starting at `base`; `bitmap` must hold
  // (page_count + 63) / 64 words and is owned by the caller.
  void init(uint64_t base, size_t page_count, uint64_t* bitmap);

  // `count` physically contiguous pages, or kNoMemory. Never returns a page
  // twice; the memory is not cleared (callers that need zeroes clear it).
  Result<uint64_t> alloc(size_t count = 1);
  // Marks the pages overlapping [addr, addr + bytes) in use (clipped to the
  // range), e.g. the initramfs and the device tree, which the boot loader
  // placed in RAM; free() gives them back later. Returns the pages reserved.
  size_t reserve(uint64_t addr, uint64_t bytes);
  // Returns pages from alloc(); freeing a page that is not allocated is a
  // kernel bug and reported as kInvalidArgument (nothing changes).
  Result<void> free(uint64_t addr, size_t count = 1);

  size_t free_pages() const { return free_; }
  size_t total_pages() const { return count_; }
  bool contains(uint64_t addr) const { return addr >= base_ && addr < base_ + count_ * kPageSize; }

 private:
  bool used(size_t i) const { return bitmap_[i / 64] & (1ull << (i % 64)); }
  void set(size_t i, bool v) {
    if (v) bitmap_[i / 64] |= 1ull << (i % 64);
    else bitmap_[i / 64] &= ~(1ull << (i % 64));
  }

  uint64_t base_ = 0;
  size_t count_ = 0;
  size_t free_ = 0;
  size_t hint_ = 0;  // where the next search starts (next-fit)
  uint64_t* bitmap_ = nullptr;
};

}  // namespace akuma
