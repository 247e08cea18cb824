#include "kernel/proc/byte_ring.h"

#include <gtest/gtest.h>

#include <string>

namespace akuma::proc {
namespace {

TEST(ByteRing, FifoOrder) {
  ByteRing<8> r;
  EXPECT_EQ(r.push("abc", 3), 3u);
  char out[8] = {};
  EXPECT_EQ(r.pop(out, 2), 2u);
  EXPECT_EQ(std::string(out, 2), "ab");
  EXPECT_EQ(r.size(), 1u);
}

TEST(ByteRing, PushStopsWhenFull) {
  ByteRing<4> r;
  EXPECT_EQ(r.push("abcdef", 6), 4u);
  EXPECT_EQ(r.space(), 0u);
  EXPECT_EQ(r.push("x", 1), 0u);
}

TEST(ByteRing, PopFromEmptyGivesNothing) {
  ByteRing<4> r;
  char c;
  EXPECT_EQ(r.pop(&c, 1), 0u);
}

TEST(ByteRing, WrapsAround) {
  ByteRing<4> r;
  char out[4];
  std::string got;
  for (int round = 0; round < 10; ++round) {
    ASSERT_EQ(r.push("xyz", 3), 3u);
    size_t n = r.pop(out, 4);
    got.append(out, n);
  }
  EXPECT_EQ(got.size(), 30u);
  for (size_t i = 0; i < got.size(); i += 3) EXPECT_EQ(got.substr(i, 3), "xyz");
}

}  // namespace
}  // namespace akuma::proc
