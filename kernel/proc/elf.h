// ELF64 parsing and validation for user programs. Pure logic (no memory
// mapping), host unit tested with crafted images: a malformed or truncated
// file is an Error::kMalformed with a reason, never a crash.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::elf {

constexpr size_t kMaxSegments = 8;

struct Segment {
  uint64_t vaddr;
  uint64_t memsz;
  uint64_t offset;  // in the file
  uint64_t filesz;
  bool write;
  bool exec;
};

struct Image {
  uint64_t entry;
  size_t segment_count;
  Segment segments[kMaxSegments];
};

// Checks: magic, 64-bit little-endian, AArch64, ET_EXEC, header and program
// header table inside the file, every PT_LOAD inside the file and inside
// [lo, hi), filesz <= memsz, no two segments sharing a page, entry inside an
// executable segment. `why` (if given) receives a short reason on error.
Result<Image> parse(const uint8_t* data, size_t size, uint64_t lo, uint64_t hi,
                    const char** why = nullptr);

}  // namespace akuma::elf
