#include "kernel/mm/page_allocator.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace akuma {
namespace {

constexpr uint64_t kBase = 0x40100000;

class PageAllocatorTest : public ::testing::Test {
 protected:
  void SetUp() override { pages.init(kBase, 100, bitmap); }
  uint64_t bitmap[2];
  PageAllocator pages;
};

TEST_F(PageAllocatorTest, HandsOutDistinctAlignedPages) {
  std::set<uint64_t> seen;
  for (int i = 0; i < 100; ++i) {
    auto r = pages.alloc();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value() % kPageSize, 0u);
    EXPECT_TRUE(pages.contains(r.value()));
    EXPECT_TRUE(seen.insert(r.value()).second);
  }
  EXPECT_EQ(pages.free_pages(), 0u);
}

TEST_F(PageAllocatorTest, ExhaustionIsAnErrorNotACrash) {
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(pages.alloc().ok());
  auto r = pages.alloc();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), Error::kNoMemory);
  EXPECT_EQ(pages.alloc(0).error(), Error::kNoMemory);
}

TEST_F(PageAllocatorTest, ContiguousRunsSkipHoles) {
  std::vector<uint64_t> singles;
  for (int i = 0; i < 10; ++i) singles.push_back(pages.alloc().value());
  // Free every other page: no run of 2 among the first 10.
  for (int i = 0; i < 10; i += 2) ASSERT_TRUE(pages.free(singles[i]).ok());
  auto run = pages.alloc(4);
  ASSERT_TRUE(run.ok());
  EXPECT_GE(run.value(), kBase + 10 * kPageSize);
  EXPECT_EQ(pages.free_pages(), 100u - 5 - 4);
}

TEST_F(PageAllocatorTest, FreeingReturnsToBaseline) {
  for (int round = 0; round < 50; ++round) {
    auto a = pages.alloc(3).value();
    auto b = pages.alloc(1).value();
    ASSERT_TRUE(pages.free(a, 3).ok());
    ASSERT_TRUE(pages.free(b).ok());
  }
  EXPECT_EQ(pages.free_pages(), 100u);
  EXPECT_EQ(pages.alloc(100).value(), kBase);
}

TEST_F(PageAllocatorTest, BadFreesChangeNothing) {
  uint64_t a = pages.alloc().value();
  EXPECT_EQ(pages.free(a + 8).error(), Error::kInvalidArgument);         // unaligned
  EXPECT_EQ(pages.free(kBase - kPageSize).error(), Error::kInvalidArgument);  // outside
  EXPECT_EQ(pages.free(a, 2).error(), Error::kInvalidArgument);          // second page not ours
  EXPECT_EQ(pages.free_pages(), 99u);
  ASSERT_TRUE(pages.free(a).ok());
  EXPECT_EQ(pages.free(a).error(), Error::kInvalidArgument);             // double free
  EXPECT_EQ(pages.free_pages(), 100u);
}

TEST_F(PageAllocatorTest, ReservedRangesAreNeverHandedOut) {
  // An unaligned range covers every page it touches; parts outside are ignored.
  EXPECT_EQ(pages.reserve(kBase + 10 * kPageSize + 100, 2 * kPageSize), 3u);
  EXPECT_EQ(pages.reserve(kBase - 2 * kPageSize, 3 * kPageSize), 1u);   // overlaps the start
  EXPECT_EQ(pages.reserve(kBase + 99 * kPageSize, 10 * kPageSize), 1u); // runs past the end
  EXPECT_EQ(pages.reserve(kBase + 200 * kPageSize, kPageSize), 0u);     // outside
  EXPECT_EQ(pages.reserve(kBase + 11 * kPageSize, kPageSize), 0u);      // already reserved
  EXPECT_EQ(pages.free_pages(), 95u);
  std::set<uint64_t> got;
  for (int i = 0; i < 95; ++i) got.insert(pages.alloc().value());
  for (uint64_t p : {kBase, kBase + 10 * kPageSize, kBase + 11 * kPageSize, kBase + 12 * kPageSize,
                     kBase + 99 * kPageSize}) {
    EXPECT_EQ(got.count(p), 0u);
  }
  EXPECT_FALSE(pages.alloc().ok());
  // Released later (the initramfs once unpacked), the pages come back.
  ASSERT_TRUE(pages.free(kBase + 10 * kPageSize, 3).ok());
  EXPECT_EQ(pages.free_pages(), 3u);
}

}  // namespace
}  // namespace akuma
