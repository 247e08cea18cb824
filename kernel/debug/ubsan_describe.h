// What a UBSan finding says: the check that failed (clang's name for it, e.g.
// "signed-integer-overflow"), where, and a sentence with the values. Pure logic over the
// compiler's data (ubsan_abi.h), host tested; ubsan.cc prints it and panics.
#pragma once

#include <stddef.h>

#include "kernel/debug/ubsan_abi.h"

namespace akuma::ubsan {

struct Finding {
  const char* check = "";                 // clang's -fsanitize= name of the check
  const SourceLocation* loc = nullptr;    // where the compiler put the check
  char detail[192] = {};                  // what happened, with the values
};

// One per handler family; `op` is '+', '-' or '*' for overflow.
void describe_type_mismatch(const TypeMismatchData& d, ValueHandle pointer, Finding* f);
void describe_overflow(const OverflowData& d, char op, ValueHandle lhs, ValueHandle rhs, Finding* f);
void describe_negate_overflow(const OverflowData& d, ValueHandle value, Finding* f);
void describe_divrem_overflow(const OverflowData& d, ValueHandle lhs, ValueHandle rhs, Finding* f);
void describe_shift(const ShiftOutOfBoundsData& d, ValueHandle lhs, ValueHandle rhs, Finding* f);
void describe_out_of_bounds(const OutOfBoundsData& d, ValueHandle index, Finding* f);
void describe_unreachable(const UnreachableData& d, Finding* f);
void describe_missing_return(const UnreachableData& d, Finding* f);
void describe_invalid_value(const InvalidValueData& d, ValueHandle value, Finding* f);
void describe_vla_bound(const VlaBoundData& d, ValueHandle bound, Finding* f);
void describe_float_cast_overflow(const FloatCastOverflowData& d, Finding* f);
void describe_nonnull_arg(const NonNullArgData& d, Finding* f);
void describe_nonnull_return(const NonNullReturnData& d, const SourceLocation* loc, Finding* f);
void describe_pointer_overflow(const PointerOverflowData& d, ValueHandle base, ValueHandle result, Finding* f);
void describe_invalid_builtin(const InvalidBuiltinData& d, Finding* f);
void describe_alignment_assumption(const AlignmentAssumptionData& d, ValueHandle pointer, ValueHandle alignment,
                                   ValueHandle offset, Finding* f);

// An operand as text ("-5", "4294967295", "<128-bit value>"), as its type reads it.
size_t format_value(const TypeDescriptor& type, ValueHandle value, char* buf, size_t size);

}  // namespace akuma::ubsan
