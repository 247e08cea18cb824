#include "kernel/mm/page_allocator.h"

namespace akuma {

void PageAllocator::init(uint64_t base, size_t page_count, uint64_t* bitmap) {
  base_ = base;
  count_ = page_count;
  free_ = page_count;
  hint_ = 0;
  bitmap_ = bitmap;
  for (size_t i = 0; i < (page_count + 63) / 64; ++i) bitmap_[i] = 0;
}

Result<uint64_t> PageAllocator::alloc(size_t count) {
  if (count == 0 || count > free_) return Error::kNoMemory;
  // Next-fit over the whole range, wrapping once.
  size_t run = 0;
  for (size_t scanned = 0, i = hint_; scanned < count_ + count; ++scanned, ++i) {
    if (i == count_) {
      i = 0;
      run = 0;
    }
    run = used(i) ? 0 : run + 1;
    if (run == count) {
      size_t first = i + 1 - count;
      for (size_t j = first; j <= i; ++j) set(j, true);
      free_ -= count;
      hint_ = (i + 1) % count_;
      return base_ + first * kPageSize;
    }
  }
  return Error::kNoMemory;
}

size_t PageAllocator::reserve(uint64_t addr, uint64_t bytes) {
  if (bytes == 0) return 0;
  uint64_t first = addr / kPageSize * kPageSize;
  uint64_t end = (addr + bytes + kPageSize - 1) / kPageSize * kPageSize;
  if (end <= base_ || first >= base_ + count_ * kPageSize) return 0;
  if (first < base_) first = base_;
  if (end > base_ + count_ * kPageSize) end = base_ + count_ * kPageSize;
  size_t n = 0;
  for (size_t j = (first - base_) / kPageSize; j < (end - base_) / kPageSize; ++j) {
    if (used(j)) continue;
    set(j, true);
    ++n;
  }
  free_ -= n;
  return n;
}

Result<void> PageAllocator::free(uint64_t addr, size_t count) {
  if (count == 0 || addr % kPageSize || !contains(addr) ||
      !contains(addr + (count - 1) * kPageSize)) {
    return Error::kInvalidArgument;
  }
  size_t first = (addr - base_) / kPageSize;
  for (size_t j = first; j < first + count; ++j) {
    if (!used(j)) return Error::kInvalidArgument;
  }
  for (size_t j = first; j < first + count; ++j) set(j, false);
  free_ += count;
  return {};
}

}  // namespace akuma
