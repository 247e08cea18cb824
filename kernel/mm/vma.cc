#include "kernel/mm/vma.h"

namespace akuma {

size_t VmaSet::lower_bound(uint64_t addr) const {
  size_t lo = 0, hi = count_;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (vmas_[mid].end > addr) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

const Vma* VmaSet::find(uint64_t addr) const {
  size_t i = lower_bound(addr);
  return i < count_ && vmas_[i].start <= addr ? &vmas_[i] : nullptr;
}

bool VmaSet::overlaps(uint64_t start, uint64_t end) const {
  size_t i = lower_bound(start);
  return i < count_ && vmas_[i].start < end;
}

bool VmaSet::covers(uint64_t start, uint64_t end) const {
  uint64_t at = start;
  for (size_t i = lower_bound(start); i < count_ && at < end; ++i) {
    if (vmas_[i].start > at) return false;
    at = vmas_[i].end;
  }
  return at >= end;
}

void VmaSet::insert_at(size_t i, const Vma& v) {
  for (size_t j = count_; j > i; --j) vmas_[j] = vmas_[j - 1];
  vmas_[i] = v;
  ++count_;
}

void VmaSet::erase_at(size_t i) {
  for (size_t j = i; j + 1 < count_; ++j) vmas_[j] = vmas_[j + 1];
  --count_;
}

void VmaSet::split_at(uint64_t addr) {
  const Vma* v = find(addr);
  if (!v || v->start == addr) return;
  size_t i = static_cast<size_t>(v - vmas_);
  Vma upper{addr, vmas_[i].end, vmas_[i].prot};
  vmas_[i].end = addr;
  insert_at(i + 1, upper);
}

size_t VmaSet::splits_needed(uint64_t start, uint64_t end) const {
  size_t n = 0;
  const Vma* a = find(start);
  if (a && a->start < start) ++n;
  const Vma* b = find(end);
  if (b && b->start < end) ++n;
  return n;
}

Result<void> VmaSet::insert(uint64_t start, uint64_t end, uint8_t prot) {
  if (start >= end) return Error::kInvalidArgument;
  if (overlaps(start, end)) return Error::kExists;
  if (count_ == kCapacity) return Error::kNoMemory;
  insert_at(lower_bound(start), Vma{start, end, prot});
  return {};
}

Result<void> VmaSet::remove(uint64_t start, uint64_t end) {
  if (start >= end) return Error::kInvalidArgument;
  // Removing the middle of one region leaves two: one new slot.
  const Vma* a = find(start);
  bool middle = a && a->start < start && a->end > end;
  if (middle && count_ == kCapacity) return Error::kNoMemory;
  split_at(start);
  split_at(end);
  size_t i = lower_bound(start);
  while (i < count_ && vmas_[i].start < end) erase_at(i);
  return {};
}

Result<void> VmaSet::protect(uint64_t start, uint64_t end, uint8_t prot) {
  if (start >= end) return Error::kInvalidArgument;
  if (!covers(start, end)) return Error::kNotFound;
  if (count_ + splits_needed(start, end) > kCapacity) return Error::kNoMemory;
  split_at(start);
  split_at(end);
  for (size_t i = lower_bound(start); i < count_ && vmas_[i].start < end; ++i) vmas_[i].prot = prot;
  return {};
}

Result<void> VmaSet::resize_end(uint64_t old_end, uint64_t new_end) {
  if (old_end == 0) return Error::kInvalidArgument;
  const Vma* v = find(old_end - 1);
  if (!v || v->end != old_end) return Error::kNotFound;
  size_t i = static_cast<size_t>(v - vmas_);
  if (new_end <= vmas_[i].start) return Error::kInvalidArgument;
  if (new_end > old_end && i + 1 < count_ && vmas_[i + 1].start < new_end) return Error::kExists;
  vmas_[i].end = new_end;
  return {};
}

Result<uint64_t> VmaSet::find_free_top_down(uint64_t len, uint64_t low, uint64_t high) const {
  if (len == 0 || high < low || high - low < len) return Error::kNoMemory;
  uint64_t top = high;
  // Walk the regions from the top down; each gap is [end of the one below, top).
  for (size_t i = lower_bound(high); ; --i) {
    uint64_t floor = low;
    if (i > 0 && vmas_[i - 1].end > floor) floor = vmas_[i - 1].end;
    if (i < count_ && vmas_[i].start < top) top = vmas_[i].start;
    if (top >= floor && top - floor >= len) return top - len;
    if (i == 0) break;
    top = vmas_[i - 1].start;
    if (top <= low) break;
  }
  return Error::kNoMemory;
}

}  // namespace akuma
