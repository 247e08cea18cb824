#include "kernel/debug/seeded_schedule.h"

#include <gtest/gtest.h>

#include <vector>

namespace akuma::seeded_schedule {
namespace {

TEST(SeededSchedule, TheSeedIsReadFromTheCommandLine) {
  uint64_t seed = 0;
  EXPECT_TRUE(parse_seed("akuma.seed=17", &seed));
  EXPECT_EQ(seed, 17u);
  EXPECT_TRUE(parse_seed("console=ttyAMA0 quiet akuma.seed=18446744073709551615 x", &seed));
  EXPECT_EQ(seed, 18446744073709551615ull);
  EXPECT_FALSE(parse_seed("", &seed));
  EXPECT_FALSE(parse_seed("akuma.seed=", &seed));
  EXPECT_FALSE(parse_seed("akuma.seed=12x", &seed));
  EXPECT_FALSE(parse_seed("xakuma.seed=3", &seed));
}

std::vector<std::pair<uint64_t, bool>> run(uint64_t seed, int ticks) {
  SeededSchedule s(seed);
  std::vector<std::pair<uint64_t, bool>> out;
  for (int i = 0; i < ticks; ++i) {
    auto t = s.tick(10000000);
    out.push_back({t.delay_ns, t.slice_over});
  }
  return out;
}

TEST(SeededSchedule, SameSeedSameDecisionsOtherSeedOthers) {
  EXPECT_EQ(run(5, 200), run(5, 200));
  EXPECT_NE(run(5, 200), run(6, 200));
}

TEST(SeededSchedule, SlicesAndDelaysStayInTheirBounds) {
  std::vector<int> lengths(kMaxSliceTicks + 1);
  uint64_t longest_delay = 0;
  int run_length = 0;
  for (auto [delay, over] : run(42, 4000)) {
    longest_delay = std::max(longest_delay, delay);
    ++run_length;
    if (over) {
      ASSERT_GE(run_length, 1);
      ASSERT_LE(run_length, static_cast<int>(kMaxSliceTicks));
      ++lengths[run_length];
      run_length = 0;
    }
  }
  EXPECT_LE(longest_delay, 10000000u * kMaxDelayPercent / 100);
  EXPECT_GT(longest_delay, 10000000u * kMaxDelayPercent / 100 / 2);  // the range is used
  for (uint32_t n = 1; n <= kMaxSliceTicks; ++n) EXPECT_GT(lengths[n], 0) << "slices of " << n << " ticks";
}

}  // namespace
}  // namespace akuma::seeded_schedule
