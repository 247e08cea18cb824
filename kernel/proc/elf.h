// ELF64 parsing and validation for user programs. Pure logic (no memory
// mapping), host unit tested with crafted images: a malformed or truncated
// file is an Error::kMalformed with a reason, never a crash.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::elf {

constexpr size_t kMaxSegments = 8;
constexpr size_t kMaxProgramHeaders = 64;
constexpr size_t kProgramHeaderSize = 56;

struct Segment {
  uint64_t vaddr;   // load bias included
  uint64_t memsz;
  uint64_t offset;  // in the file
  uint64_t filesz;
  bool write;
  bool exec;
};

struct Image {
  uint64_t entry;        // load bias included
  uint64_t phdr_vaddr;   // where the program headers are in memory (AT_PHDR)
  uint16_t phnum;        // AT_PHNUM
  bool position_independent;  // ET_DYN (static-pie), loaded at the bias
  size_t segment_count;
  Segment segments[kMaxSegments];
};

// Checks: magic, 64-bit little-endian, AArch64, ET_EXEC or ET_DYN without an
// interpreter (static programs only), header and program headers inside
// `head` (the first head_len bytes of a file of file_size bytes), every
// PT_LOAD inside the file and, after the bias (ET_DYN only), inside [lo, hi),
// file offset and address congruent modulo the page size, filesz <= memsz,
// no two segments sharing a page, entry inside an executable segment, the
// program headers inside a loaded segment. `why` (if given) receives a short
// reason on error.
Result<Image> parse(const uint8_t* head, size_t head_len, uint64_t file_size, uint64_t lo, uint64_t hi,
                    uint64_t dyn_bias, const char** why = nullptr);
// The whole file in one buffer, no bias.
inline Result<Image> parse(const uint8_t* data, size_t size, uint64_t lo, uint64_t hi,
                           const char** why = nullptr) {
  return parse(data, size, size, lo, hi, 0, why);
}

}  // namespace akuma::elf
