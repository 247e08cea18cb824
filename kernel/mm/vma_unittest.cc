#include "kernel/mm/vma.h"

#include <gtest/gtest.h>

#include <string>

namespace akuma {
namespace {

constexpr uint64_t P = 4096;

std::string dump(const VmaSet& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const Vma& v = s.at(i);
    out += "[" + std::to_string(v.start / P) + "," + std::to_string(v.end / P) + ")" + std::to_string(v.prot) + " ";
  }
  return out;
}

TEST(VmaSet, InsertKeepsOrderAndRefusesOverlap) {
  VmaSet s;
  ASSERT_TRUE(s.insert(10 * P, 20 * P, kProtRead).ok());
  ASSERT_TRUE(s.insert(30 * P, 40 * P, kProtRead | kProtWrite).ok());
  ASSERT_TRUE(s.insert(0 * P, 5 * P, kProtRead).ok());
  EXPECT_EQ(dump(s), "[0,5)1 [10,20)1 [30,40)3 ");
  EXPECT_EQ(s.insert(19 * P, 21 * P, 1).error(), Error::kExists);
  EXPECT_EQ(s.insert(5 * P, 31 * P, 1).error(), Error::kExists);
  EXPECT_TRUE(s.insert(20 * P, 30 * P, 1).ok());  // exactly the gap
  EXPECT_EQ(s.insert(7 * P, 7 * P, 1).error(), Error::kInvalidArgument);
}

TEST(VmaSet, FindAndCover) {
  VmaSet s;
  ASSERT_TRUE(s.insert(10 * P, 20 * P, 1).ok());
  ASSERT_TRUE(s.insert(20 * P, 30 * P, 3).ok());
  EXPECT_EQ(s.find(10 * P)->prot, 1);
  EXPECT_EQ(s.find(20 * P)->prot, 3);
  EXPECT_EQ(s.find(30 * P), nullptr);
  EXPECT_EQ(s.find(9 * P + 4095), nullptr);
  EXPECT_TRUE(s.covers(12 * P, 28 * P));
  EXPECT_FALSE(s.covers(5 * P, 12 * P));
  EXPECT_FALSE(s.covers(25 * P, 31 * P));
  EXPECT_TRUE(s.overlaps(29 * P, 40 * P));
  EXPECT_FALSE(s.overlaps(30 * P, 40 * P));
}

TEST(VmaSet, RemoveSplitsAndIgnoresHoles) {
  VmaSet s;
  ASSERT_TRUE(s.insert(10 * P, 20 * P, 1).ok());
  ASSERT_TRUE(s.insert(30 * P, 40 * P, 3).ok());
  ASSERT_TRUE(s.remove(12 * P, 14 * P).ok());  // middle: one region becomes two
  EXPECT_EQ(dump(s), "[10,12)1 [14,20)1 [30,40)3 ");
  ASSERT_TRUE(s.remove(15 * P, 35 * P).ok());  // across a hole and two regions
  EXPECT_EQ(dump(s), "[10,12)1 [14,15)1 [35,40)3 ");
  ASSERT_TRUE(s.remove(0, 100 * P).ok());
  EXPECT_EQ(s.size(), 0u);
  ASSERT_TRUE(s.remove(0, 100 * P).ok());  // nothing there: fine
}

TEST(VmaSet, ProtectNeedsFullCoverageAndSplits) {
  VmaSet s;
  ASSERT_TRUE(s.insert(10 * P, 20 * P, 3).ok());
  ASSERT_TRUE(s.insert(20 * P, 30 * P, 3).ok());
  ASSERT_TRUE(s.protect(15 * P, 25 * P, 1).ok());
  EXPECT_EQ(dump(s), "[10,15)3 [15,20)1 [20,25)1 [25,30)3 ");
  EXPECT_EQ(s.protect(28 * P, 31 * P, 0).error(), Error::kNotFound);
  EXPECT_EQ(dump(s), "[10,15)3 [15,20)1 [20,25)1 [25,30)3 ");  // unchanged
}

TEST(VmaSet, FullSetFailsWithoutChange) {
  VmaSet s;
  for (size_t i = 0; i < VmaSet::kCapacity; ++i) ASSERT_TRUE(s.insert((10 * i) * P, (10 * i + 5) * P, 3).ok());
  EXPECT_EQ(s.insert(1000000 * P, 1000001 * P, 1).error(), Error::kNoMemory);
  std::string before = dump(s);
  EXPECT_EQ(s.remove(1 * P, 2 * P).error(), Error::kNoMemory);     // would split
  EXPECT_EQ(s.protect(1 * P, 2 * P, 1).error(), Error::kNoMemory);  // would split twice
  EXPECT_EQ(dump(s), before);
  EXPECT_TRUE(s.remove(0, 5 * P).ok());  // a whole region: no split needed
  EXPECT_EQ(s.size(), VmaSet::kCapacity - 1);
}

TEST(VmaSet, ResizeEndForBrk) {
  VmaSet s;
  ASSERT_TRUE(s.insert(10 * P, 11 * P, 3).ok());
  ASSERT_TRUE(s.insert(20 * P, 30 * P, 3).ok());
  ASSERT_TRUE(s.resize_end(11 * P, 15 * P).ok());
  EXPECT_EQ(s.resize_end(15 * P, 21 * P).error(), Error::kExists);
  ASSERT_TRUE(s.resize_end(15 * P, 20 * P).ok());
  ASSERT_TRUE(s.resize_end(20 * P, 12 * P).ok());
  EXPECT_EQ(dump(s), "[10,12)3 [20,30)3 ");
  EXPECT_EQ(s.resize_end(12 * P, 10 * P).error(), Error::kInvalidArgument);
  EXPECT_EQ(s.resize_end(13 * P, 14 * P).error(), Error::kNotFound);
}

TEST(VmaSet, FindFreeTopDown) {
  VmaSet s;
  EXPECT_EQ(s.find_free_top_down(10 * P, 0, 100 * P).value(), 90 * P);
  ASSERT_TRUE(s.insert(90 * P, 100 * P, 1).ok());
  ASSERT_TRUE(s.insert(70 * P, 85 * P, 1).ok());
  EXPECT_EQ(s.find_free_top_down(5 * P, 0, 100 * P).value(), 85 * P);   // the gap [85, 90)
  EXPECT_EQ(s.find_free_top_down(6 * P, 0, 100 * P).value(), 64 * P);   // below 70
  EXPECT_EQ(s.find_free_top_down(6 * P, 66 * P, 100 * P).error(), Error::kNoMemory);
  EXPECT_EQ(s.find_free_top_down(20 * P, 0, 88 * P).value(), 50 * P);
  ASSERT_TRUE(s.insert(0, 70 * P, 1).ok());
  EXPECT_EQ(s.find_free_top_down(5 * P, 0, 100 * P).value(), 85 * P);
  EXPECT_EQ(s.find_free_top_down(6 * P, 0, 100 * P).error(), Error::kNoMemory);
  EXPECT_EQ(s.find_free_top_down(1 * P, 0, 200 * P).value(), 199 * P);  // above everything
}

}  // namespace
}  // namespace akuma
