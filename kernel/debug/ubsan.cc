// The kernel's UBSan runtime (--config=ubsan): one handler per check clang emits with
// -fsanitize=undefined. Each describes the finding (ubsan_describe.cc), prints it as a panic
// report (its first line `*** KERNEL PANIC: UBSAN: <check> at <file>:<line>:<column> ***`,
// which the harness classes as `ubsan`), and stops the machine: undefined behaviour is a
// bug to fix, not a warning to read past. The `_abort` variants (checks built without
// recovery) do the same.
//
// This file is not instrumented itself (BUILD: features = ["-akuma_ubsan"]).
#include <stdint.h>

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/console/console.h"
#include "kernel/debug/ubsan_describe.h"

using namespace akuma::ubsan;

namespace {

bool reporting;  // a finding while printing one (in the console code) is not reported again

[[noreturn]] void report(const Finding& f, uint64_t fp) {
  akuma::begin_panic_report();
  const SourceLocation unknown{"<unknown>", 0, 0};
  const SourceLocation& loc = f.loc && f.loc->file ? *f.loc : unknown;
  akuma::kprintf("\n*** KERNEL PANIC: UBSAN: %s at %s:%u:%u ***\n%s\n", f.check, loc.file, loc.line, loc.column,
                 f.detail);
  akuma::finish_panic_report(fp);
}

}  // namespace

// Each handler's frame record leads back to the instrumented code: the backtrace's first
// entry is the return address into the function that failed the check.
#define UBSAN_HANDLER(name, params, describe)                    \
  extern "C" void __ubsan_handle_##name params {                \
    if (reporting) return;                                       \
    reporting = true;                                            \
    Finding f;                                                   \
    describe;                                                    \
    report(f, reinterpret_cast<uint64_t>(__builtin_frame_address(0))); \
  }                                                              \
  extern "C" void __ubsan_handle_##name##_abort params {        \
    reporting = true;                                            \
    Finding f;                                                   \
    describe;                                                    \
    report(f, reinterpret_cast<uint64_t>(__builtin_frame_address(0))); \
  }

UBSAN_HANDLER(type_mismatch_v1, (TypeMismatchData* d, ValueHandle p), describe_type_mismatch(*d, p, &f))
UBSAN_HANDLER(add_overflow, (OverflowData* d, ValueHandle a, ValueHandle b), describe_overflow(*d, '+', a, b, &f))
UBSAN_HANDLER(sub_overflow, (OverflowData* d, ValueHandle a, ValueHandle b), describe_overflow(*d, '-', a, b, &f))
UBSAN_HANDLER(mul_overflow, (OverflowData* d, ValueHandle a, ValueHandle b), describe_overflow(*d, '*', a, b, &f))
UBSAN_HANDLER(negate_overflow, (OverflowData* d, ValueHandle v), describe_negate_overflow(*d, v, &f))
UBSAN_HANDLER(divrem_overflow, (OverflowData* d, ValueHandle a, ValueHandle b), describe_divrem_overflow(*d, a, b, &f))
UBSAN_HANDLER(shift_out_of_bounds, (ShiftOutOfBoundsData* d, ValueHandle a, ValueHandle b),
              describe_shift(*d, a, b, &f))
UBSAN_HANDLER(out_of_bounds, (OutOfBoundsData* d, ValueHandle i), describe_out_of_bounds(*d, i, &f))
UBSAN_HANDLER(load_invalid_value, (InvalidValueData* d, ValueHandle v), describe_invalid_value(*d, v, &f))
UBSAN_HANDLER(vla_bound_not_positive, (VlaBoundData* d, ValueHandle v), describe_vla_bound(*d, v, &f))
UBSAN_HANDLER(float_cast_overflow, (FloatCastOverflowData* d, ValueHandle), describe_float_cast_overflow(*d, &f))
UBSAN_HANDLER(nonnull_arg, (NonNullArgData* d), describe_nonnull_arg(*d, &f))
UBSAN_HANDLER(nullability_arg, (NonNullArgData* d), describe_nonnull_arg(*d, &f))
UBSAN_HANDLER(nonnull_return_v1, (NonNullReturnData* d, SourceLocation* loc), describe_nonnull_return(*d, loc, &f))
UBSAN_HANDLER(nullability_return_v1, (NonNullReturnData* d, SourceLocation* loc),
              describe_nonnull_return(*d, loc, &f))
UBSAN_HANDLER(pointer_overflow, (PointerOverflowData* d, ValueHandle b, ValueHandle r),
              describe_pointer_overflow(*d, b, r, &f))
UBSAN_HANDLER(invalid_builtin, (InvalidBuiltinData* d), describe_invalid_builtin(*d, &f))
UBSAN_HANDLER(alignment_assumption, (AlignmentAssumptionData* d, ValueHandle p, ValueHandle a, ValueHandle o),
              describe_alignment_assumption(*d, p, a, o, &f))

// Never recoverable: reaching them is the end either way.
extern "C" [[noreturn]] void __ubsan_handle_builtin_unreachable(UnreachableData* d) {
  reporting = true;
  Finding f;
  describe_unreachable(*d, &f);
  report(f, reinterpret_cast<uint64_t>(__builtin_frame_address(0)));
}

extern "C" [[noreturn]] void __ubsan_handle_missing_return(UnreachableData* d) {
  reporting = true;
  Finding f;
  describe_missing_return(*d, &f);
  report(f, reinterpret_cast<uint64_t>(__builtin_frame_address(0)));
}
