#include "kernel/lib/random.h"

#include <gtest/gtest.h>

#include <set>

namespace akuma {
namespace {

TEST(Random, SameSeedSameSequenceDifferentSeedsDiffer) {
  Random a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
  }
}

TEST(Random, ZeroSeedIsNotStuck) {
  Random r(0);
  std::set<uint64_t> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(r.next());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Random, FillCoversOddLengthsAndBitsVary) {
  Random r(7);
  uint8_t buf[37] = {};
  r.fill(buf, sizeof(buf));
  int ones = 0;
  for (uint8_t b : buf) ones += __builtin_popcount(b);
  EXPECT_GT(ones, 37 * 8 / 4);
  EXPECT_LT(ones, 37 * 8 * 3 / 4);
}

TEST(Random, StirChangesTheStream) {
  Random a(1), b(1);
  b.stir(12345);
  EXPECT_NE(a.next(), b.next());
}

}  // namespace
}  // namespace akuma
