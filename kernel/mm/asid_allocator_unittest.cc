#include "kernel/mm/asid_allocator.h"

#include <gtest/gtest.h>

#include <set>

namespace akuma::mm {
namespace {

TEST(AsidAllocator, HandsOutEachOnceAndNeverZero) {
  static AsidAllocator a;  // 8 KiB of bitmap
  a.set_count(256);
  std::set<uint16_t> seen;
  for (int i = 0; i < 255; ++i) {
    uint16_t asid = a.take();
    ASSERT_NE(asid, 0) << "take " << i;
    ASSERT_LT(asid, 256);
    EXPECT_TRUE(seen.insert(asid).second) << "twice: " << asid;
  }
  EXPECT_EQ(a.take(), 0) << "all 255 taken: the fallback";
  EXPECT_EQ(a.in_use(), 255u);
  a.give_back(77);
  EXPECT_EQ(a.take(), 77);
  a.give_back(0);  // the fallback is nobody's to give back
  EXPECT_EQ(a.in_use(), 255u);
}

TEST(AsidAllocator, SixteenBits) {
  static AsidAllocator a;
  a.set_count(65536);
  for (int i = 1; i < 65536; ++i) ASSERT_EQ(a.take(), i);
  EXPECT_EQ(a.take(), 0);
  a.give_back(65535);
  a.give_back(1);
  EXPECT_EQ(a.take(), 1);
  EXPECT_EQ(a.take(), 65535);
}

}  // namespace
}  // namespace akuma::mm
