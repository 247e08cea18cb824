#include <gtest/gtest.h>

#include <stdint.h>

#include <vector>

#include "kernel/debug/kasan_quarantine.h"
#include "kernel/debug/kasan_shadow.h"

namespace akuma::kasan {
namespace {

constexpr uint64_t kBase = 0x10000;  // the covered range's first address (any aligned value)
constexpr uint64_t kSize = 1024;

class ShadowTest : public ::testing::Test {
 protected:
  ShadowTest() : bytes(kSize / kGranule, 0x55) { shadow.init(kBase, kSize, bytes.data()); }
  std::vector<uint8_t> bytes;
  Shadow shadow;
};

TEST_F(ShadowTest, InitMakesEverythingAccessible) {
  for (uint8_t b : bytes) EXPECT_EQ(b, kAccessible);
  EXPECT_EQ(shadow.first_bad(kBase, kSize), 0u);
}

TEST_F(ShadowTest, OutsideTheCoveredRangeNothingIsReported) {
  shadow.poison(kBase, kSize, kPageFree);
  EXPECT_EQ(shadow.first_bad(kBase - 64, 64), 0u);
  EXPECT_EQ(shadow.first_bad(kBase + kSize, 8), 0u);
  EXPECT_EQ(shadow.first_bad(kBase - 8, 16), kBase);  // the part inside is checked
  EXPECT_EQ(shadow.code_at(kBase - 1), kAccessible);
  shadow.poison(kBase - 64, 128, kHeapFreed);  // what lies outside is ignored
  EXPECT_EQ(shadow.code_at(kBase), kHeapFreed);
}

TEST_F(ShadowTest, ObjectWithPartialLastGranule) {
  // A 13-byte object at kBase + 64, redzones around it.
  shadow.poison(kBase + 32, 32, kHeapLeftRedzone);
  shadow.unpoison(kBase + 64, 13);
  shadow.poison(kBase + 80, 16, kHeapRightRedzone);
  EXPECT_EQ(bytes[64 / 8], kAccessible);
  EXPECT_EQ(bytes[72 / 8], 5);
  EXPECT_EQ(shadow.first_bad(kBase + 64, 13), 0u);
  EXPECT_EQ(shadow.first_bad(kBase + 76, 1), 0u);    // the last byte
  EXPECT_EQ(shadow.first_bad(kBase + 77, 1), kBase + 77);  // one past the end, same granule
  EXPECT_EQ(shadow.first_bad(kBase + 72, 8), kBase + 77);  // a word reaching past the end
  EXPECT_EQ(shadow.first_bad(kBase + 60, 8), kBase + 60);  // starts in the left redzone
  EXPECT_EQ(shadow.first_bad(kBase + 64, 40), kBase + 77);  // a long access over the end
  EXPECT_EQ(shadow.code_at(kBase + 80), kHeapRightRedzone);
  EXPECT_EQ(shadow.code_at(kBase + 40), kHeapLeftRedzone);
}

TEST_F(ShadowTest, UnalignedAccessesAcrossGranules) {
  shadow.poison(kBase + 16, 8, kHeapFreed);
  EXPECT_EQ(shadow.first_bad(kBase + 12, 8), kBase + 16);
  EXPECT_EQ(shadow.first_bad(kBase + 20, 8), kBase + 20);
  EXPECT_EQ(shadow.first_bad(kBase + 24, 8), 0u);
  EXPECT_EQ(shadow.first_bad(kBase, 16), 0u);
  EXPECT_EQ(shadow.first_bad(kBase + 1, 0), 0u);
}

TEST_F(ShadowTest, PoisonRoundsUpToWholeGranules) {
  shadow.poison(kBase + 8, 9, kPageFree);  // 9 bytes: two granules
  EXPECT_EQ(bytes[1], kPageFree);
  EXPECT_EQ(bytes[2], kPageFree);
  EXPECT_EQ(bytes[3], kAccessible);
  shadow.unpoison(kBase + 8, 16);
  EXPECT_EQ(shadow.first_bad(kBase, 64), 0u);
}

TEST(CodeNames, EachPoisonSaysWhatItIs) {
  EXPECT_STREQ(code_name(kHeapFreed), "freed heap object");
  EXPECT_STREQ(code_name(kPageFree), "free page");
  EXPECT_STREQ(code_name(3), "accessible");
}

TEST(QuarantineTest, FirstInFirstOutWithinTheLimit) {
  Quarantine q(100);
  QuarantineNode a, b, c;
  a.bytes = 40, b.bytes = 40, c.bytes = 40;
  q.push(&a);
  q.push(&b);
  EXPECT_EQ(q.pop_over_limit(), nullptr);  // 80 <= 100
  q.push(&c);
  EXPECT_EQ(q.bytes(), 120u);
  EXPECT_EQ(q.pop_over_limit(), &a);        // the oldest goes first
  EXPECT_EQ(q.pop_over_limit(), nullptr);   // 80 again
  EXPECT_EQ(q.count(), 2u);
  EXPECT_EQ(q.pop(), &b);
  EXPECT_EQ(q.pop(), &c);
  EXPECT_EQ(q.pop(), nullptr);
  EXPECT_EQ(q.bytes(), 0u);
  q.push(&a);  // usable again after draining
  EXPECT_EQ(q.pop(), &a);
}

}  // namespace
}  // namespace akuma::kasan
