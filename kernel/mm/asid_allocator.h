// Address-space identifiers (ASIDs): every user address space gets one of its own while it
// lives, and TTBR0 carries it (bits 63:48), so the TLB keeps entries of several spaces apart
// and a switch between spaces need not flush it (address_space.cc, sched/scheduler.cc).
//
// ASID 0 is never handed out: it is the kernel's empty lower-half table's, and the
// fallback of a space created while every other ASID was taken (such a space is flushed from
// the local TLB at every switch to it, as before ASIDs). An ASID is given back only after
// the TLBs of every CPU have forgotten it (the caller's TLBI ASIDE1IS), so a new space never
// meets entries of an old one.
//
// Lock-free (a bitmap of atomic words), so spaces are created and destroyed under any lock.
// Pure logic: host tested (asid_allocator_unittest.cc).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::mm {

class AsidAllocator {
 public:
  static constexpr size_t kMaxAsids = 65536;  // 16-bit ASIDs; 8-bit CPUs use 256

  // The number of ASIDs the CPUs implement (256 or 65536); before any take().
  void set_count(size_t count) { count_ = count < kMaxAsids ? count : kMaxAsids; }
  size_t count() const { return count_; }

  // A free ASID in 1..count-1, now taken; 0 when none is free.
  uint16_t take() {
    for (size_t w = 0; w * 64 < count_; ++w) {
      uint64_t bits = __atomic_load_n(&used_[w], __ATOMIC_RELAXED);
      while (~bits != 0) {
        unsigned bit = static_cast<unsigned>(__builtin_ctzll(~bits));
        size_t asid = w * 64 + bit;
        if (asid >= count_) break;
        uint64_t mask = 1ull << bit;
        if (asid == 0) {  // never handed out
          bits |= mask;
          continue;
        }
        uint64_t before = __atomic_fetch_or(&used_[w], mask, __ATOMIC_ACQ_REL);
        if (!(before & mask)) return static_cast<uint16_t>(asid);
        bits = before | mask;  // another CPU took it first
      }
    }
    return 0;
  }

  // Gives `asid` back (0: nothing to do). The TLBs must have forgotten it.
  void give_back(uint16_t asid) {
    if (asid == 0) return;
    __atomic_fetch_and(&used_[asid / 64], ~(1ull << (asid % 64)), __ATOMIC_ACQ_REL);
  }

  size_t in_use() const {
    size_t n = 0;
    for (size_t w = 0; w < kMaxAsids / 64; ++w) n += static_cast<size_t>(__builtin_popcountll(used_[w]));
    return n;
  }

 private:
  size_t count_ = 256;
  uint64_t used_[kMaxAsids / 64] = {};
};

}  // namespace akuma::mm
