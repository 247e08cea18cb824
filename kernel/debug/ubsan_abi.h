// The data clang passes to UBSan's handlers (`-fsanitize=undefined` without the minimal
// runtime): the layouts of compiler-rt's ubsan_handlers.h and ubsan_value.h, written down as
// facts of the ABI. Every handler gets a pointer to one of these, built by the compiler in
// read-only data, and the offending values as ValueHandles.
#pragma once

#include <stdint.h>

namespace akuma::ubsan {

struct SourceLocation {
  const char* file;
  uint32_t line;
  uint32_t column;
};

// kind 0: an integer; info bit 0 = signed, info >> 1 = log2(width in bits).
// kind 1: a float; info = width in bits. 0xffff: anything else. The name follows,
// NUL-terminated, quoted as the source spells it ("'int'").
struct TypeDescriptor {
  uint16_t kind;
  uint16_t info;
  char name[1];
};

// An operand: the value itself when it fits in a pointer (integers up to 64 bits), otherwise
// a pointer to it.
using ValueHandle = uintptr_t;

struct TypeMismatchData {
  SourceLocation loc;
  const TypeDescriptor* type;
  uint8_t log_alignment;
  uint8_t check_kind;  // kTypeCheckKinds
};

struct OverflowData {
  SourceLocation loc;
  const TypeDescriptor* type;
};

struct ShiftOutOfBoundsData {
  SourceLocation loc;
  const TypeDescriptor* lhs_type;
  const TypeDescriptor* rhs_type;
};

struct OutOfBoundsData {
  SourceLocation loc;
  const TypeDescriptor* array_type;
  const TypeDescriptor* index_type;
};

struct UnreachableData {
  SourceLocation loc;
};

struct InvalidValueData {
  SourceLocation loc;
  const TypeDescriptor* type;
};

struct VlaBoundData {
  SourceLocation loc;
  const TypeDescriptor* type;
};

struct FloatCastOverflowData {
  SourceLocation loc;
  const TypeDescriptor* from_type;
  const TypeDescriptor* to_type;
};

struct NonNullArgData {
  SourceLocation loc;
  SourceLocation attr_loc;
  int arg_index;
};

struct NonNullReturnData {
  SourceLocation attr_loc;
};

struct PointerOverflowData {
  SourceLocation loc;
};

struct InvalidBuiltinData {
  SourceLocation loc;
  uint8_t kind;  // 0: ctz of zero, 1: clz of zero
};

struct AlignmentAssumptionData {
  SourceLocation loc;
  SourceLocation assumption_loc;
  const TypeDescriptor* type;
};

}  // namespace akuma::ubsan
