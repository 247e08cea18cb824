#include "kernel/debug/profile_raw.h"

#include <gtest/gtest.h>

#include <string.h>

namespace akuma::profile {
namespace {

TEST(ProfileRaw, MagicIsLlvmsRawMagic) {
  const char expected[8] = {'\x81', 'r', 'f', 'o', 'r', 'p', 'l', '\xff'};  // little endian
  EXPECT_EQ(memcmp(&kRawMagic64, expected, 8), 0);
}

TEST(ProfileRaw, HeaderCountsRecordsAndCountersAndKeepsTheDeltas) {
  Sections s{0x1000, 0x1000 + 3 * kDataRecordSize, 0x2000, 0x2000 + 5 * 8, 0x3000, 0x3000 + 13};
  RawHeader h = raw_header(s);
  EXPECT_EQ(h.version, 8u);
  EXPECT_EQ(h.data_size, 3u);
  EXPECT_EQ(h.counters_size, 5u);
  EXPECT_EQ(h.names_size, 13u);
  EXPECT_EQ(h.counters_delta, 0x1000u);
  EXPECT_EQ(h.names_delta, 0x3000u);
  EXPECT_EQ(h.value_kind_last, 1u);
  EXPECT_EQ(padding_after_names(s), 3u);
  s.names_end = 0x3000 + 16;
  EXPECT_EQ(padding_after_names(s), 0u);
}

}  // namespace
}  // namespace akuma::profile
