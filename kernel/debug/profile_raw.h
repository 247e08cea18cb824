// The raw profile llvm-profdata 14 reads (version 8 of LLVM's "profraw" format): a header,
// then the three sections clang's source-based coverage fills in memory, each as it lies
// there. `__llvm_prf_data` holds one record per function, whose counter pointer is relative
// to the record itself; `__llvm_prf_cnts` the 8-byte counters; `__llvm_prf_names` the
// (compressed) function names. The header's deltas let the reader undo the addresses.
// Pure logic, shared by the kernel's runtime (profile.cc) and the user programs' one
// (programs/coverage), host tested.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::profile {

// "\xfflprofr\x81", as a little-endian 64-bit word.
constexpr uint64_t kRawMagic64 = (uint64_t{255} << 56) | (uint64_t{'l'} << 48) | (uint64_t{'p'} << 40) |
                                 (uint64_t{'r'} << 32) | (uint64_t{'o'} << 24) | (uint64_t{'f'} << 16) |
                                 (uint64_t{'r'} << 8) | uint64_t{129};
constexpr uint64_t kRawVersion = 8;
constexpr uint64_t kDataRecordSize = 48;  // NameRef, FuncHash, CounterPtr, FunctionPointer, Values, NumCounters, NumValueSites[2]
constexpr uint64_t kValueKindLast = 1;    // IPVK_MemOPSize

struct RawHeader {
  uint64_t magic;
  uint64_t version;
  uint64_t binary_ids_size;
  uint64_t data_size;       // records
  uint64_t padding_before_counters;
  uint64_t counters_size;   // counters
  uint64_t padding_after_counters;
  uint64_t names_size;      // bytes
  uint64_t counters_delta;  // counters' address - data's address
  uint64_t names_delta;     // names' address
  uint64_t value_kind_last;
};
static_assert(sizeof(RawHeader) == 88, "the v8 header is 11 words");

// Where the sections lie (begin, end); the profile is: header, data, counters, names,
// then zero bytes to a multiple of 8 (padding_after_names).
struct Sections {
  uintptr_t data_begin, data_end;
  uintptr_t counters_begin, counters_end;
  uintptr_t names_begin, names_end;
};

inline RawHeader raw_header(const Sections& s) {
  return RawHeader{
      kRawMagic64,
      kRawVersion,
      0,
      (s.data_end - s.data_begin) / kDataRecordSize,
      0,
      (s.counters_end - s.counters_begin) / sizeof(uint64_t),
      0,
      s.names_end - s.names_begin,
      s.counters_begin - s.data_begin,
      s.names_begin,
      kValueKindLast,
  };
}

inline size_t padding_after_names(const Sections& s) { return (8 - (s.names_end - s.names_begin) % 8) % 8; }

}  // namespace akuma::profile
