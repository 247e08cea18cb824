// KASAN's shadow memory: one byte for every 8-byte granule of the memory it covers, saying
// how much of the granule may be accessed. 0: all 8 bytes; 1..7: that many leading bytes
// (the end of an object whose size is not a multiple of 8); a code >= 0x80: none, and why
// (Code). Pure logic over a byte array, host tested; kasan.cc keeps one over the kernel's
// linear map of RAM.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::kasan {

constexpr uint64_t kGranule = 8;

enum Code : uint8_t {
  kAccessible = 0x00,
  kHeapLeftRedzone = 0xfa,   // before a heap object: the heap's block header, KASAN's metadata
  kHeapRightRedzone = 0xfb,  // after a heap object, to the end of its heap block
  kHeapUnallocated = 0xfc,   // heap memory no object owns
  kHeapFreed = 0xfd,         // a freed object, waiting in the quarantine
  kPageFree = 0xff,          // a page the page allocator holds as free
};

// A name for a code, for reports ("heap right redzone"); "accessible" below 0x80.
const char* code_name(uint8_t code);

class Shadow {
 public:
  // Covers [start, start + size) (both granule-aligned) with `bytes` (size / kGranule of
  // them), all set to kAccessible.
  void init(uint64_t start, uint64_t size, uint8_t* bytes);
  bool covers(uint64_t addr) const { return addr - start_ < size_; }
  uint64_t start() const { return start_; }
  uint64_t size() const { return size_; }

  // Marks [addr, addr + size) with `code`: whole granules from addr (aligned) on, the last
  // one included even if partly outside. Parts outside the covered range are ignored.
  void poison(uint64_t addr, uint64_t size, uint8_t code);
  // Makes [addr, addr + size) accessible (addr aligned); a last partial granule gets the
  // count of its accessible bytes.
  void unpoison(uint64_t addr, uint64_t size);

  // The first address in [addr, addr + size) that may not be accessed, or 0 if all may.
  // Addresses outside the covered range are never reported.
  uint64_t first_bad(uint64_t addr, uint64_t size) const;
  // The shadow byte of the granule holding addr (kAccessible outside the covered range).
  uint8_t code_at(uint64_t addr) const;

 private:
  uint8_t* byte_for(uint64_t addr) const { return &bytes_[(addr - start_) / kGranule]; }
  bool granule_allows(uint64_t addr) const;

  uint64_t start_ = 0;
  uint64_t size_ = 0;
  uint8_t* bytes_ = nullptr;
};

}  // namespace akuma::kasan
