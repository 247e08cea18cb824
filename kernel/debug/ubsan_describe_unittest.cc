#include "kernel/debug/ubsan_describe.h"

#include <gtest/gtest.h>

#include <stdint.h>
#include <string.h>

namespace akuma::ubsan {
namespace {

// TypeDescriptors as clang lays them out: kind, info, then the quoted name.
template <size_t N>
struct Type {
  uint16_t kind;
  uint16_t info;
  char name[N];
  const TypeDescriptor& get() const { return *reinterpret_cast<const TypeDescriptor*>(this); }
};

constexpr Type<6> kInt{0, (5 << 1) | 1, "'int'"};             // 32-bit signed
constexpr Type<15> kUnsigned{0, 5 << 1, "'unsigned int'"};    // 32-bit unsigned
constexpr Type<7> kLong{0, (6 << 1) | 1, "'long'"};           // 64-bit signed
constexpr Type<7> kBool{0, 0, "'bool'"};
constexpr Type<9> kStruct{0xffff, 0, "'Thread'"};
constexpr Type<11> kInt128{0, (7 << 1) | 1, "'__int128'"};
constexpr Type<10> kArray{0xffff, 0, "'int[4]'"};

const SourceLocation kLoc{"kernel/x.cc", 12, 7};

TEST(UbsanDescribe, SignedOverflowShowsBothOperandsSigned) {
  OverflowData d{kLoc, &kInt.get()};
  Finding f;
  describe_overflow(d, '+', 0x7fffffff, 1, &f);
  EXPECT_STREQ(f.check, "signed-integer-overflow");
  EXPECT_EQ(f.loc, &d.loc);
  EXPECT_STREQ(f.detail, "2147483647 + 1 cannot be represented in type 'int'");
  // A negative 32-bit operand arrives zero-extended in its handle.
  describe_overflow(d, '-', 0x80000000u, 1, &f);
  EXPECT_STREQ(f.detail, "-2147483648 - 1 cannot be represented in type 'int'");
}

TEST(UbsanDescribe, UnsignedOperandsPrintUnsigned) {
  OverflowData d{kLoc, &kUnsigned.get()};
  Finding f;
  describe_overflow(d, '*', 0xffffffffu, 2, &f);
  EXPECT_STREQ(f.check, "unsigned-integer-overflow");
  EXPECT_STREQ(f.detail, "4294967295 * 2 cannot be represented in type 'unsigned int'");
}

TEST(UbsanDescribe, DivisionByZeroAndMinByMinusOne) {
  OverflowData d{kLoc, &kLong.get()};
  Finding f;
  describe_divrem_overflow(d, 5, 0, &f);
  EXPECT_STREQ(f.check, "integer-divide-by-zero");
  describe_divrem_overflow(d, 0x8000000000000000ull, ~uint64_t{0}, &f);
  EXPECT_STREQ(f.check, "signed-integer-overflow");
  EXPECT_STREQ(f.detail, "division of -9223372036854775808 by -1 cannot be represented in type 'long'");
}

TEST(UbsanDescribe, WideValuesArePassedByAddress) {
  uint64_t zero[2] = {0, 0};
  uint64_t one[2] = {1, 0};
  OverflowData d{kLoc, &kInt128.get()};
  Finding f;
  describe_divrem_overflow(d, reinterpret_cast<uintptr_t>(one), reinterpret_cast<uintptr_t>(zero), &f);
  EXPECT_STREQ(f.check, "integer-divide-by-zero");
  char buf[32];
  format_value(kInt128.get(), reinterpret_cast<uintptr_t>(one), buf, sizeof(buf));
  EXPECT_STREQ(buf, "<128-bit value>");
}

TEST(UbsanDescribe, ShiftCases) {
  ShiftOutOfBoundsData d{kLoc, &kInt.get(), &kInt.get()};
  Finding f;
  describe_shift(d, 1, 32, &f);
  EXPECT_STREQ(f.detail, "shift exponent 32 is too large for 32-bit type 'int'");
  describe_shift(d, 1, 0xffffffffu, &f);
  EXPECT_STREQ(f.detail, "shift exponent -1 is negative");
  describe_shift(d, 0xfffffffeu, 3, &f);
  EXPECT_STREQ(f.detail, "left shift of negative value -2");
  describe_shift(d, 0x40000000, 2, &f);
  EXPECT_STREQ(f.detail, "left shift of 1073741824 by 2 places cannot be represented in type 'int'");
  EXPECT_STREQ(f.check, "shift");
}

TEST(UbsanDescribe, TypeMismatchNamesNullMisalignedOrTooSmall) {
  TypeMismatchData d{kLoc, &kStruct.get(), 3, 3};  // member access, 8-byte alignment
  Finding f;
  describe_type_mismatch(d, 0, &f);
  EXPECT_STREQ(f.check, "null");
  EXPECT_STREQ(f.detail, "member access within null pointer of type 'Thread'");
  describe_type_mismatch(d, 0x1004, &f);
  EXPECT_STREQ(f.check, "alignment");
  EXPECT_STREQ(f.detail,
               "member access within misaligned address 0x1004 for type 'Thread', which requires 8-byte alignment");
  describe_type_mismatch(d, 0x1000, &f);
  EXPECT_STREQ(f.check, "object-size");
}

TEST(UbsanDescribe, BoundsAndInvalidValues) {
  OutOfBoundsData d{kLoc, &kArray.get(), &kLong.get()};
  Finding f;
  describe_out_of_bounds(d, 4, &f);
  EXPECT_STREQ(f.check, "bounds");
  EXPECT_STREQ(f.detail, "index 4 out of bounds for type 'int[4]'");
  InvalidValueData v{kLoc, &kBool.get()};
  describe_invalid_value(v, 7, &f);
  EXPECT_STREQ(f.check, "bool");
  EXPECT_STREQ(f.detail, "load of value 7, which is not a valid value for type 'bool'");
}

TEST(UbsanDescribe, PointerOverflow) {
  PointerOverflowData d{kLoc};
  Finding f;
  describe_pointer_overflow(d, 0, 16, &f);
  EXPECT_STREQ(f.detail, "applying non-zero offset 0x10 to null pointer");
  describe_pointer_overflow(d, 0xfffffffffffffff0ull, 0x10, &f);
  EXPECT_STREQ(f.detail, "pointer arithmetic on 0xfffffffffffffff0 overflowed to 0x10");
}

TEST(UbsanDescribe, LongDetailIsTruncatedNotOverrun) {
  static const char kLongName[] = "'a_type_name_long_enough_to_fill_the_detail_buffer_of_a_finding_"
                                  "several_times_over_so_that_truncation_is_exercised_by_this_test_"
                                  "and_nothing_beyond_the_buffer_is_written_at_all'";
  struct {
    uint16_t kind = 0xffff, info = 0;
    char name[sizeof(kLongName)];
  } big;
  memcpy(big.name, kLongName, sizeof(kLongName));
  TypeMismatchData d{kLoc, reinterpret_cast<const TypeDescriptor*>(&big), 0, 0};
  Finding f;
  describe_type_mismatch(d, 0, &f);
  EXPECT_EQ(strlen(f.detail), sizeof(f.detail) - 1);
}

}  // namespace
}  // namespace akuma::ubsan
