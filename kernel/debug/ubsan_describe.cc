#include "kernel/debug/ubsan_describe.h"

#include <stdarg.h>
#include <stdint.h>

#include "kernel/lib/format.h"

namespace akuma::ubsan {
namespace {

constexpr uint16_t kIntegerKind = 0;

// clang's TypeCheckKind, in its order.
constexpr const char* kTypeCheckKinds[] = {
    "load of",          "store to",           "reference binding to", "member access within",
    "member call on",   "constructor call on", "downcast of",         "downcast of",
    "upcast of",        "cast to virtual base of", "_Nonnull binding to", "dynamic operation on",
};

bool is_integer(const TypeDescriptor& t) { return t.kind == kIntegerKind; }
bool is_signed(const TypeDescriptor& t) { return is_integer(t) && (t.info & 1); }
unsigned bit_width(const TypeDescriptor& t) { return is_integer(t) ? 1u << (t.info >> 1) : 0; }

// The value sign-extended from its width (signed types, up to 64 bits).
int64_t signed_value(const TypeDescriptor& t, ValueHandle v) {
  unsigned width = bit_width(t);
  if (width >= 64) return static_cast<int64_t>(v);
  uint64_t sign = uint64_t{1} << (width - 1);
  uint64_t bits = v & ((sign << 1) - 1);
  return static_cast<int64_t>(bits ^ sign) - static_cast<int64_t>(sign);
}

// Integers wider than 64 bits are passed by address.
bool is_zero(const TypeDescriptor& t, ValueHandle v) {
  if (bit_width(t) <= 64) return v == 0;
  const auto* words = reinterpret_cast<const uint64_t*>(v);
  for (unsigned i = 0; i < bit_width(t) / 64; ++i) {
    if (words[i] != 0) return false;
  }
  return true;
}

bool is_negative(const TypeDescriptor& t, ValueHandle v) {
  return is_signed(t) && bit_width(t) <= 64 && signed_value(t, v) < 0;
}

struct Text {
  char* buf;
  size_t size;
  size_t used = 0;
  void add(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
    if (used >= size) return;
    va_list args;
    va_start(args, fmt);
    used += vformat_to(buf + used, size - used, fmt, args);
    va_end(args);
  }
  void value(const TypeDescriptor& t, ValueHandle v) {
    if (used >= size) return;
    used += format_value(t, v, buf + used, size - used);
  }
};

Text start(Finding* f, const char* check, const SourceLocation* loc) {
  f->check = check;
  f->loc = loc;
  f->detail[0] = '\0';
  return Text{f->detail, sizeof(f->detail)};
}

}  // namespace

size_t format_value(const TypeDescriptor& type, ValueHandle value, char* buf, size_t size) {
  if (!is_integer(type)) return format_to(buf, size, "<a value of %s>", type.name);
  if (bit_width(type) > 64) return format_to(buf, size, "<%u-bit value>", bit_width(type));
  if (is_signed(type)) return format_to(buf, size, "%ld", static_cast<long>(signed_value(type, value)));
  return format_to(buf, size, "%lu", static_cast<unsigned long>(value));
}

void describe_type_mismatch(const TypeMismatchData& d, ValueHandle pointer, Finding* f) {
  const char* what = d.check_kind < sizeof(kTypeCheckKinds) / sizeof(kTypeCheckKinds[0])
                         ? kTypeCheckKinds[d.check_kind]
                         : "access to";
  uint64_t alignment = uint64_t{1} << d.log_alignment;
  if (pointer == 0) {
    start(f, "null", &d.loc).add("%s null pointer of type %s", what, d.type->name);
  } else if (d.log_alignment != 0 && (pointer & (alignment - 1)) != 0) {
    start(f, "alignment", &d.loc)
        .add("%s misaligned address 0x%lx for type %s, which requires %lu-byte alignment", what,
             static_cast<unsigned long>(pointer), d.type->name, static_cast<unsigned long>(alignment));
  } else {
    start(f, "object-size", &d.loc)
        .add("%s address 0x%lx with insufficient space for an object of type %s", what,
             static_cast<unsigned long>(pointer), d.type->name);
  }
}

void describe_overflow(const OverflowData& d, char op, ValueHandle lhs, ValueHandle rhs, Finding* f) {
  Text t = start(f, is_signed(*d.type) ? "signed-integer-overflow" : "unsigned-integer-overflow", &d.loc);
  t.value(*d.type, lhs);
  t.add(" %c ", op);
  t.value(*d.type, rhs);
  t.add(" cannot be represented in type %s", d.type->name);
}

void describe_negate_overflow(const OverflowData& d, ValueHandle value, Finding* f) {
  Text t = start(f, is_signed(*d.type) ? "signed-integer-overflow" : "unsigned-integer-overflow", &d.loc);
  t.add("negation of ");
  t.value(*d.type, value);
  t.add(" cannot be represented in type %s", d.type->name);
}

void describe_divrem_overflow(const OverflowData& d, ValueHandle lhs, ValueHandle rhs, Finding* f) {
  // The check fails for a zero divisor, or for MIN / -1 in a signed type.
  if (is_zero(*d.type, rhs)) {
    start(f, "integer-divide-by-zero", &d.loc).add("division by zero");
    return;
  }
  Text t = start(f, "signed-integer-overflow", &d.loc);
  t.add("division of ");
  t.value(*d.type, lhs);
  t.add(" by -1 cannot be represented in type %s", d.type->name);
}

void describe_shift(const ShiftOutOfBoundsData& d, ValueHandle lhs, ValueHandle rhs, Finding* f) {
  Text t = start(f, "shift", &d.loc);
  unsigned width = bit_width(*d.lhs_type);
  if (is_negative(*d.rhs_type, rhs)) {
    t.add("shift exponent ");
    t.value(*d.rhs_type, rhs);
    t.add(" is negative");
  } else if (is_integer(*d.rhs_type) && bit_width(*d.rhs_type) <= 64 && rhs >= width) {
    t.add("shift exponent ");
    t.value(*d.rhs_type, rhs);
    t.add(" is too large for %u-bit type %s", width, d.lhs_type->name);
  } else if (is_negative(*d.lhs_type, lhs)) {
    t.add("left shift of negative value ");
    t.value(*d.lhs_type, lhs);
  } else {
    t.add("left shift of ");
    t.value(*d.lhs_type, lhs);
    t.add(" by ");
    t.value(*d.rhs_type, rhs);
    t.add(" places cannot be represented in type %s", d.lhs_type->name);
  }
}

void describe_out_of_bounds(const OutOfBoundsData& d, ValueHandle index, Finding* f) {
  Text t = start(f, "bounds", &d.loc);
  t.add("index ");
  t.value(*d.index_type, index);
  t.add(" out of bounds for type %s", d.array_type->name);
}

void describe_unreachable(const UnreachableData& d, Finding* f) {
  start(f, "unreachable", &d.loc).add("execution reached an unreachable program point");
}

void describe_missing_return(const UnreachableData& d, Finding* f) {
  start(f, "return", &d.loc).add("execution reached the end of a value-returning function without returning a value");
}

void describe_invalid_value(const InvalidValueData& d, ValueHandle value, Finding* f) {
  // The check is "bool" for bools and "enum" for enums; the type's name tells which.
  bool is_bool = d.type->name[0] == '\'' && d.type->name[1] == 'b' && d.type->name[2] == 'o';
  Text t = start(f, is_bool ? "bool" : "enum", &d.loc);
  t.add("load of value ");
  t.value(*d.type, value);
  t.add(", which is not a valid value for type %s", d.type->name);
}

void describe_vla_bound(const VlaBoundData& d, ValueHandle bound, Finding* f) {
  Text t = start(f, "vla-bound", &d.loc);
  t.add("variable length array bound evaluates to non-positive value ");
  t.value(*d.type, bound);
}

void describe_float_cast_overflow(const FloatCastOverflowData& d, Finding* f) {
  start(f, "float-cast-overflow", &d.loc)
      .add("a value of type %s is outside the range of representable values of type %s", d.from_type->name,
           d.to_type->name);
}

void describe_nonnull_arg(const NonNullArgData& d, Finding* f) {
  Text t = start(f, "nonnull-attribute", &d.loc);
  t.add("null pointer passed as argument %d, which is declared to never be null", d.arg_index);
  if (d.attr_loc.file) t.add(" (%s:%u)", d.attr_loc.file, d.attr_loc.line);
}

void describe_nonnull_return(const NonNullReturnData& d, const SourceLocation* loc, Finding* f) {
  Text t = start(f, "returns-nonnull-attribute", loc);
  t.add("null pointer returned from a function declared to never return null");
  if (d.attr_loc.file) t.add(" (%s:%u)", d.attr_loc.file, d.attr_loc.line);
}

void describe_pointer_overflow(const PointerOverflowData& d, ValueHandle base, ValueHandle result, Finding* f) {
  Text t = start(f, "pointer-overflow", &d.loc);
  if (base == 0 && result == 0) {
    t.add("applying zero offset to null pointer");
  } else if (base == 0) {
    t.add("applying non-zero offset 0x%lx to null pointer", static_cast<unsigned long>(result));
  } else if (result == 0) {
    t.add("applying non-zero offset to non-null pointer 0x%lx produced null pointer",
          static_cast<unsigned long>(base));
  } else {
    t.add("pointer arithmetic on 0x%lx overflowed to 0x%lx", static_cast<unsigned long>(base),
          static_cast<unsigned long>(result));
  }
}

void describe_invalid_builtin(const InvalidBuiltinData& d, Finding* f) {
  start(f, "builtin", &d.loc).add("passing zero to %s, which is not a valid argument", d.kind == 0 ? "ctz()" : "clz()");
}

void describe_alignment_assumption(const AlignmentAssumptionData& d, ValueHandle pointer, ValueHandle alignment,
                                   ValueHandle offset, Finding* f) {
  Text t = start(f, "alignment", &d.loc);
  t.add("assumption of %lu-byte alignment", static_cast<unsigned long>(alignment));
  if (offset) t.add(" (with offset of %lu bytes)", static_cast<unsigned long>(offset));
  t.add(" for pointer 0x%lx of type %s failed", static_cast<unsigned long>(pointer), d.type->name);
}

}  // namespace akuma::ubsan
