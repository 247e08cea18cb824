// The regions of a user address space (VMAs): which addresses are mapped and
// with which protection, whether or not pages exist behind them yet. Pages
// appear on first touch (AddressSpace faults them in), so a region costs
// nothing until used: glibc reserves whole malloc arenas and thread stacks
// this way.
//
// A sorted array of disjoint, page-aligned regions; neighbours with the same
// protection are not merged (munmap and mprotect split them). Every operation
// checks its capacity before it changes anything, so a failure (kNoMemory
// when splitting would need a slot that is not there) leaves the set as it
// was. Pure logic, host unit tested.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma {

// Linux's PROT_* bits.
constexpr uint8_t kProtRead = 1;
constexpr uint8_t kProtWrite = 2;
constexpr uint8_t kProtExec = 4;
constexpr uint8_t kProtMask = kProtRead | kProtWrite | kProtExec;

struct Vma {
  uint64_t start;  // page aligned
  uint64_t end;    // exclusive, page aligned, > start
  uint8_t prot;
};

class VmaSet {
 public:
  static constexpr size_t kCapacity = 128;

  size_t size() const { return count_; }
  const Vma& at(size_t i) const { return vmas_[i]; }

  // The region containing `addr`, or nullptr.
  const Vma* find(uint64_t addr) const;
  // True when some region overlaps [start, end).
  bool overlaps(uint64_t start, uint64_t end) const;
  // True when [start, end) is covered by regions without a hole.
  bool covers(uint64_t start, uint64_t end) const;

  // Adds [start, end); kExists if it overlaps a region, kNoMemory if full.
  Result<void> insert(uint64_t start, uint64_t end, uint8_t prot);
  // Removes [start, end) from every region it touches (splitting at the
  // edges). Unmapped parts are fine. kNoMemory only if a split needs a slot.
  Result<void> remove(uint64_t start, uint64_t end);
  // Sets the protection of [start, end), which must be covered (kNotFound
  // otherwise: Linux's ENOMEM for mprotect of unmapped memory).
  Result<void> protect(uint64_t start, uint64_t end, uint8_t prot);
  // Moves a region's end (brk): the region that ends at `old_end` now ends at
  // `new_end`; growing must not overlap the next region (kExists).
  Result<void> resize_end(uint64_t old_end, uint64_t new_end);

  // The highest free gap of `len` bytes inside [low, high), or kNoMemory.
  Result<uint64_t> find_free_top_down(uint64_t len, uint64_t low, uint64_t high) const;

 private:
  // Index of the first region with end > addr (count_ if none).
  size_t lower_bound(uint64_t addr) const;
  void insert_at(size_t i, const Vma& v);
  void erase_at(size_t i);
  // Splits the region containing `addr` (strictly inside it) in two.
  void split_at(uint64_t addr);
  // How many splits [start, end) needs at its two edges.
  size_t splits_needed(uint64_t start, uint64_t end) const;

  Vma vmas_[kCapacity];
  size_t count_ = 0;
};

}  // namespace akuma
