#include "kernel/lib/format.h"

#include <gtest/gtest.h>

#include <string>

namespace akuma {
namespace {

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char buf[128];
  va_list args;
  va_start(args, f);
  vformat_to(buf, sizeof(buf), f, args);
  va_end(args);
  return buf;
}

TEST(Format, Integers) {
  EXPECT_EQ(fmt("%d %i %u", -42, 7, 3000000000u), "-42 7 3000000000");
  EXPECT_EQ(fmt("%ld", static_cast<long>(-9223372036854775807L - 1)), "-9223372036854775808");
  EXPECT_EQ(fmt("%lu %zu", 18446744073709551615ul, static_cast<size_t>(5)), "18446744073709551615 5");
  EXPECT_EQ(fmt("%x %X %lx", 255u, 255u, 0xdeadbeefcafeul), "ff FF deadbeefcafe");
}

TEST(Format, WidthAndFlags) {
  EXPECT_EQ(fmt("[%5d]", 1), "[    1]");
  EXPECT_EQ(fmt("[%-5d]", 1), "[1    ]");
  EXPECT_EQ(fmt("[%05d]", -1), "[-0001]");
  EXPECT_EQ(fmt("[%08x]", 0xabu), "[000000ab]");
  EXPECT_EQ(fmt("[%-8s]", "ready"), "[ready   ]");
  EXPECT_EQ(fmt("[%*d]", 4, 2), "[   2]");
  EXPECT_EQ(fmt("[%-*d]", 3, 2), "[2  ]");
  EXPECT_EQ(fmt("[%2d]", 12345), "[12345]");
}

TEST(Format, StringsCharsPointers) {
  EXPECT_EQ(fmt("%s|%c|%%", "hi", 'x'), "hi|x|%");
  EXPECT_EQ(fmt("%p", reinterpret_cast<void*>(0x1234)), "0x0000000000001234");
}

// Formats a string the compiler must not check (deliberately malformed ones).
std::string unchecked(const char* f, const char* arg) {
  char buf[128];
  using Fn = size_t (*)(char*, size_t, const char*, ...);
  Fn raw = format_to;  // through a pointer: no -Wformat on the call
  raw(buf, sizeof(buf), f, arg);
  return buf;
}

TEST(Format, UnknownConversionIsPrintedAsWritten) {
  EXPECT_EQ(unchecked("a%qb", nullptr), "a%qb");
  EXPECT_EQ(unchecked("end%", nullptr), "end%");
  EXPECT_EQ(unchecked("%s", nullptr), "(null)");
}

TEST(Format, TruncatesButReportsFullLength) {
  char buf[6];
  EXPECT_EQ(format_to(buf, sizeof(buf), "%s", "0123456789"), 10u);
  EXPECT_STREQ(buf, "01234");
  EXPECT_EQ(format_to(buf, 0, "abc"), 3u);
}

TEST(Format, SinkSeesEveryByte) {
  std::string out;
  size_t n = format(
      [](void* ctx, const char* d, size_t len) { static_cast<std::string*>(ctx)->append(d, len); },
      &out, "pid %d: %s\n", 3, "httpd");
  EXPECT_EQ(out, "pid 3: httpd\n");
  EXPECT_EQ(n, out.size());
}

}  // namespace
}  // namespace akuma
