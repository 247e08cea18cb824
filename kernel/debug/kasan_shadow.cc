#include "kernel/debug/kasan_shadow.h"

namespace akuma::kasan {

const char* code_name(uint8_t code) {
  switch (code) {
    case kHeapLeftRedzone: return "heap left redzone";
    case kHeapRightRedzone: return "heap right redzone";
    case kHeapUnallocated: return "unallocated heap memory";
    case kHeapFreed: return "freed heap object";
    case kPageFree: return "free page";
    default: return code < 0x80 ? "accessible" : "poisoned memory";
  }
}

void Shadow::init(uint64_t start, uint64_t size, uint8_t* bytes) {
  start_ = start;
  size_ = size;
  bytes_ = bytes;
  for (uint64_t i = 0; i < size / kGranule; ++i) bytes_[i] = kAccessible;
}

void Shadow::poison(uint64_t addr, uint64_t size, uint8_t code) {
  uint64_t end = addr + size;
  for (uint64_t a = addr & ~(kGranule - 1); a < end; a += kGranule) {
    if (covers(a)) *byte_for(a) = code;
  }
}

void Shadow::unpoison(uint64_t addr, uint64_t size) {
  uint64_t end = addr + size;
  uint64_t a = addr & ~(kGranule - 1);
  for (; a + kGranule <= end; a += kGranule) {
    if (covers(a)) *byte_for(a) = kAccessible;
  }
  if (a < end && covers(a)) *byte_for(a) = static_cast<uint8_t>(end - a);
}

bool Shadow::granule_allows(uint64_t addr) const {
  if (!covers(addr)) return true;
  uint8_t s = *byte_for(addr);
  return s == kAccessible || (s < kGranule && (addr & (kGranule - 1)) < s);
}

uint64_t Shadow::first_bad(uint64_t addr, uint64_t size) const {
  if (size == 0) return 0;
  uint64_t last = addr + size - 1;
  // The common case: one access within one granule.
  if ((addr & ~(kGranule - 1)) == (last & ~(kGranule - 1))) {
    if (!covers(addr)) return 0;
    uint8_t s = *byte_for(addr);
    if (s == kAccessible || (s < kGranule && (last & (kGranule - 1)) < s)) return 0;
    for (uint64_t a = addr; a <= last; ++a) {
      if (!granule_allows(a)) return a;
    }
    return 0;
  }
  for (uint64_t a = addr; a <= last && a >= addr;) {
    uint64_t granule_end = (a | (kGranule - 1));
    if (covers(a) && *byte_for(a) != kAccessible) {
      for (uint64_t b = a; b <= granule_end && b <= last; ++b) {
        if (!granule_allows(b)) return b;
      }
    }
    if (granule_end == ~uint64_t{0}) break;
    a = granule_end + 1;
  }
  return 0;
}

uint8_t Shadow::code_at(uint64_t addr) const { return covers(addr) ? *byte_for(addr) : kAccessible; }

}  // namespace akuma::kasan
