#include "kernel/lib/word_copy.h"

#include <gtest/gtest.h>

#include <vector>

namespace akuma::lib {
namespace {

// Every source and destination alignment, lengths around the word and
// 16-byte thresholds and a segment's: the bytes arrive, and nothing around
// the destination changes.
TEST(WordCopy, EveryAlignmentAndLength) {
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 70; ++n) lengths.push_back(n);
  for (size_t n : {127, 128, 129, 1459, 1460, 1461, 2048, 4093}) lengths.push_back(n);
  alignas(8) static uint8_t src[4200];
  alignas(8) static uint8_t dst[4200];
  for (size_t i = 0; i < sizeof src; ++i) src[i] = uint8_t(i * 7 + 3);
  for (size_t n : lengths) {
    for (size_t sa = 0; sa < 8; ++sa) {
      for (size_t da = 0; da < 8; ++da) {
        for (size_t i = 0; i < sizeof dst; ++i) dst[i] = 0xee;
        word_copy(dst + 8 + da, src + 8 + sa, n);
        for (size_t i = 0; i < 8 + da; ++i) ASSERT_EQ(dst[i], 0xee) << n << " " << sa << " " << da;
        for (size_t i = 0; i < n; ++i) ASSERT_EQ(dst[8 + da + i], src[8 + sa + i]) << n << " " << sa << " " << da << " at " << i;
        for (size_t i = 8 + da + n; i < sizeof dst; ++i) ASSERT_EQ(dst[i], 0xee) << n << " " << sa << " " << da;
      }
    }
  }
}

// Forward order: with the destination below the source it is a memmove.
TEST(WordCopy, OverlappingForward) {
  alignas(8) uint8_t buf[200];
  for (size_t i = 0; i < sizeof buf; ++i) buf[i] = uint8_t(i);
  word_copy(buf + 1, buf + 12, 150);
  for (size_t i = 0; i < 150; ++i) ASSERT_EQ(buf[1 + i], uint8_t(12 + i));
}

}  // namespace
}  // namespace akuma::lib
