#include "kernel/lib/result.h"

#include <gtest/gtest.h>

namespace akuma {
namespace {

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return Error::kInvalidArgument;
  return c - '0';
}

Result<int> sum_digits(const char* s) {
  int total = 0;
  for (; *s; ++s) total += TRY(parse_digit(*s));
  return total;
}

Result<void> check_positive(int v) {
  if (v <= 0) return Error::kRange;
  return {};
}

Result<int> checked_double(int v) {
  TRY(check_positive(v));
  return v * 2;
}

TEST(Result, ValueAndError) {
  Result<int> ok = parse_digit('7');
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 7);
  Result<int> bad = parse_digit('x');
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), Error::kInvalidArgument);
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(Result, TryPropagatesTheFirstError) {
  EXPECT_EQ(sum_digits("123").value(), 6);
  EXPECT_EQ(sum_digits("1x3").error(), Error::kInvalidArgument);
  EXPECT_EQ(checked_double(4).value(), 8);
  EXPECT_EQ(checked_double(0).error(), Error::kRange);
}

struct Counted {
  static int live;
  int v;
  explicit Counted(int x) : v(x) { ++live; }
  Counted(const Counted& o) : v(o.v) { ++live; }
  Counted(Counted&& o) : v(o.v) { ++live; }
  ~Counted() { --live; }
};
int Counted::live = 0;

TEST(Result, DestroysItsValueExactlyOnce) {
  {
    Result<Counted> r = Counted(5);
    Result<Counted> copy = r;
    Result<Counted> moved = akuma::move(r);
    EXPECT_EQ(moved.value().v, 5);
    Result<Counted> err = Error::kNotFound;
    EXPECT_FALSE(err.ok());
  }
  EXPECT_EQ(Counted::live, 0);
}

TEST(Error, EveryErrorHasAName) {
  for (int e = static_cast<int>(Error::kNoMemory); e <= static_cast<int>(Error::kMalformed); ++e) {
    EXPECT_STRNE(error_name(static_cast<Error>(e)), "unknown error") << e;
  }
}

}  // namespace
}  // namespace akuma
