#include "kernel/fs/cpio.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernel/fs/cpio_builder.h"
#include "kernel/fs/fs_testing.h"

namespace akuma::fs {
namespace {

using testing::CpioBuilder;
using testing::EntrySpec;
using testing::GuardedBuffer;

struct Parsed {
  std::vector<CpioEntry> entries;
  Error error = Error::kNoMemory;  // overwritten on failure
  bool ok = false;
};

// Every entry up to the trailer, or the error; the reader must also stay at
// its verdict on the next call.
Parsed parse(const GuardedBuffer& buffer) {
  CpioReader reader(buffer.data(), buffer.size());
  Parsed parsed;
  for (;;) {
    CpioEntry entry;
    Result<bool> r = reader.next(&entry);
    if (!r.ok()) {
      parsed.error = r.error();
      Result<bool> again = reader.next(&entry);
      EXPECT_FALSE(again.ok());
      return parsed;
    }
    if (!r.value()) {
      Result<bool> again = reader.next(&entry);
      EXPECT_TRUE(again.ok() && !again.value());
      parsed.ok = true;
      return parsed;
    }
    parsed.entries.push_back(entry);
  }
}

Parsed parse(const std::string& bytes, std::unique_ptr<GuardedBuffer>* keep) {
  *keep = std::make_unique<GuardedBuffer>(bytes);
  return parse(**keep);
}

std::string name_of(const CpioEntry& e) { return std::string(e.name, e.name_length); }
std::string data_of(const CpioEntry& e) { return std::string(reinterpret_cast<const char*>(e.data), e.data_size); }

TEST(CpioReader, ReadsEveryFieldOfEveryEntry) {
  std::string archive = CpioBuilder()
                            .add({.name = "bin",
                                  .mode = kModeDirectory | 0755,
                                  .ino = 7,
                                  .uid = 1,
                                  .gid = 2,
                                  .nlink = 2,
                                  .mtime = 0x5f000000})
                            .add({.name = "bin/hello",
                                  .mode = kModeRegular | 04755,
                                  .data = "hello, world\n",
                                  .ino = 8,
                                  .uid = 0xfffffffe,
                                  .gid = 0xabcdef01,
                                  .nlink = 1,
                                  .mtime = 1,
                                  .dev_major = 3,
                                  .dev_minor = 4})
                            .add({.name = "dev/console",
                                  .mode = kModeCharDevice | 0600,
                                  .ino = 9,
                                  .rdev_major = 5,
                                  .rdev_minor = 1})
                            .symlink("lib", "usr/lib")
                            .finish();
  std::unique_ptr<GuardedBuffer> buffer;
  Parsed p = parse(archive, &buffer);
  ASSERT_TRUE(p.ok) << error_name(p.error);
  ASSERT_EQ(p.entries.size(), 4u);

  const CpioEntry& dir = p.entries[0];
  EXPECT_EQ(name_of(dir), "bin");
  EXPECT_EQ(dir.name[dir.name_length], '\0');
  EXPECT_EQ(dir.ino, 7u);
  EXPECT_EQ(dir.mode, kModeDirectory | 0755);
  EXPECT_EQ(dir.uid, 1u);
  EXPECT_EQ(dir.gid, 2u);
  EXPECT_EQ(dir.nlink, 2u);
  EXPECT_EQ(dir.mtime, 0x5f000000u);
  EXPECT_EQ(dir.data_size, 0u);

  const CpioEntry& file = p.entries[1];
  EXPECT_EQ(name_of(file), "bin/hello");
  EXPECT_EQ(file.mode, kModeRegular | 04755);
  EXPECT_EQ(data_of(file), "hello, world\n");
  EXPECT_EQ(file.uid, 0xfffffffeu);
  EXPECT_EQ(file.gid, 0xabcdef01u);
  EXPECT_EQ(file.dev_major, 3u);
  EXPECT_EQ(file.dev_minor, 4u);
  // Data starts 4-aligned relative to the archive.
  EXPECT_EQ((file.data - buffer->data()) % 4, 0);

  const CpioEntry& console = p.entries[2];
  EXPECT_EQ(console.mode & kModeTypeMask, kModeCharDevice);
  EXPECT_EQ(console.rdev_major, 5u);
  EXPECT_EQ(console.rdev_minor, 1u);

  EXPECT_EQ(data_of(p.entries[3]), "usr/lib");
}

TEST(CpioReader, AnArchiveOfOnlyTheTrailerIsEmpty) {
  std::unique_ptr<GuardedBuffer> buffer;
  Parsed p = parse(CpioBuilder().finish(), &buffer);
  EXPECT_TRUE(p.ok);
  EXPECT_TRUE(p.entries.empty());
}

TEST(CpioReader, IgnoresWhatFollowsTheTrailer) {
  std::string archive = CpioBuilder().file("a", "x").finish() + std::string(512, '\0') + "junk";
  std::unique_ptr<GuardedBuffer> buffer;
  Parsed p = parse(archive, &buffer);
  EXPECT_TRUE(p.ok);
  EXPECT_EQ(p.entries.size(), 1u);
}

TEST(CpioReader, AcceptsLowerCaseHex) {
  std::string archive = CpioBuilder().add({.name = "f", .mode = kModeRegular | 0644, .uid = 0xabcdef}).finish();
  // The builder writes upper case; GNU cpio writes lower case.
  for (size_t i = 6; i < CpioReader::kHeaderSize; ++i) archive[i] = static_cast<char>(std::tolower(archive[i]));
  std::unique_ptr<GuardedBuffer> buffer;
  Parsed p = parse(archive, &buffer);
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.entries[0].uid, 0xabcdefu);
}

TEST(CpioReader, ChecksumsOf070702AreVerifiedForRegularFiles) {
  std::string good = CpioBuilder("070702").file("f", "\xff\x01 data").symlink("l", "f").finish();
  std::unique_ptr<GuardedBuffer> buffer;
  EXPECT_TRUE(parse(good, &buffer).ok);

  // The check field is the last of the header: change its last digit.
  std::string bad = good;
  size_t check_digit = CpioReader::kHeaderSize - 1;
  bad[check_digit] = bad[check_digit] == '0' ? '1' : '0';
  Parsed p = parse(bad, &buffer);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error, Error::kMalformed);

  // 070701 carries no checksum: the field is not looked at.
  std::string plain = bad;
  plain[5] = '1';
  EXPECT_TRUE(parse(plain, &buffer).ok);
}

// Every proper prefix of an archive lacks its trailer (or more): malformed,
// and no read goes past the end of the prefix.
TEST(CpioReader, EveryTruncationIsMalformed) {
  std::string archive = CpioBuilder()
                            .dir("d")
                            .file("d/file", std::string(1000, 'x'))
                            .symlink("d/link", "file")
                            .char_device("console", 5, 1)
                            .finish();
  for (size_t n = 0; n < archive.size(); ++n) {
    std::unique_ptr<GuardedBuffer> buffer;
    Parsed p = parse(archive.substr(0, n), &buffer);
    ASSERT_FALSE(p.ok) << "prefix of " << n << " bytes";
    EXPECT_EQ(p.error, Error::kMalformed);
  }
}

uint32_t default_fields_for(const std::string& name, uint32_t file_size, uint32_t (&f)[13]) {
  uint32_t init[13] = {1, kModeRegular | 0644, 0, 0, 1, 0, file_size, 0, 0, 0, 0,
                       static_cast<uint32_t>(name.size() + 1), 0};
  std::copy(std::begin(init), std::end(init), f);
  return 0;
}

// One entry with the given header fields, name bytes and data bytes (no
// padding added), then a trailer.
std::string entry_with(const uint32_t (&fields)[13], const std::string& name_and_padding,
                       const std::string& data_and_padding, const char* magic = "070701") {
  return CpioBuilder::header(magic, fields) + name_and_padding + data_and_padding + CpioBuilder().finish();
}

TEST(CpioReader, TheHandMadeEntryOfTheFollowingTestsIsValid) {
  uint32_t f[13];
  default_fields_for("abc", 5, f);
  // 110 + 4 = 114 -> 2 bytes of padding; 116 + 5 = 121 -> 3 bytes.
  std::string ok = entry_with(f, std::string("abc\0\0\0", 6), std::string("hello\0\0\0", 8));
  std::unique_ptr<GuardedBuffer> buffer;
  Parsed p = parse(ok, &buffer);
  ASSERT_TRUE(p.ok);
  ASSERT_EQ(p.entries.size(), 1u);
  EXPECT_EQ(data_of(p.entries[0]), "hello");
}

TEST(CpioReader, RejectsDamagedHeadersNamesAndPadding) {
  uint32_t f[13];
  default_fields_for("abc", 5, f);
  const std::string name = std::string("abc\0\0\0", 6);
  const std::string data = std::string("hello\0\0\0", 8);
  std::string valid = entry_with(f, name, data);

  std::vector<std::pair<std::string, std::string>> cases;
  cases.push_back({"old binary/odc magic", "070707" + valid.substr(6)});
  cases.push_back({"garbage magic", "0707x1" + valid.substr(6)});
  for (size_t field = 0; field < 13; ++field) {
    std::string bad = valid;
    bad[6 + field * 8 + 3] = 'g';
    cases.push_back({"non-hex digit in field " + std::to_string(field), bad});
    bad[6 + field * 8 + 3] = ' ';
    cases.push_back({"space in field " + std::to_string(field), bad});
  }
  {
    uint32_t g[13];
    std::copy(std::begin(f), std::end(f), g);
    g[11] = 0;
    cases.push_back({"namesize 0", entry_with(g, "", "")});
    g[11] = 1;
    cases.push_back({"empty name", entry_with(g, std::string("\0\0", 2), "")});
    g[11] = 3;  // "ab" + NUL expected, but the NUL is at index 3
    cases.push_back({"name without its NUL", entry_with(g, std::string("abc\0\0\0", 6), data)});
    g[11] = 4;
    cases.push_back({"NUL inside the name", entry_with(g, std::string("a\0c\0\0\0", 6), data)});
    g[11] = 0xffffffff;
    cases.push_back({"namesize past the end", entry_with(g, name, data)});
  }
  cases.push_back({"non-zero name padding", entry_with(f, std::string("abc\0\0x", 6), data)});
  cases.push_back({"non-zero data padding", entry_with(f, name, std::string("hello\0x\0", 8))});
  {
    uint32_t g[13];
    std::copy(std::begin(f), std::end(f), g);
    g[6] = 0xffffffff;
    cases.push_back({"filesize past the end", entry_with(g, name, data)});
    g[6] = 0xfffffffc;
    cases.push_back({"filesize that wraps an offset", entry_with(g, name, data)});
    std::copy(std::begin(f), std::end(f), g);
    g[1] = 0644;
    cases.push_back({"no file type", entry_with(g, name, data)});
    g[1] = 0110644;
    cases.push_back({"unknown file type", entry_with(g, name, data)});
    g[1] = 0x10000 | kModeRegular | 0644;
    cases.push_back({"mode above 16 bits", entry_with(g, name, data)});
  }
  for (auto& [what, bytes] : cases) {
    std::unique_ptr<GuardedBuffer> buffer;
    Parsed p = parse(bytes, &buffer);
    EXPECT_FALSE(p.ok) << what;
    EXPECT_EQ(p.error, Error::kMalformed) << what;
    EXPECT_TRUE(p.entries.empty()) << what;
  }
}

TEST(CpioReader, FailsWithTheDamagedEntryAfterGoodOnes) {
  std::string good = CpioBuilder().file("a", "1").file("b", "22").bytes();
  std::string archive = good + "0707" + CpioBuilder().finish();
  std::unique_ptr<GuardedBuffer> buffer;
  Parsed p = parse(archive, &buffer);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.entries.size(), 2u);
}

// Random damage to a valid archive: every outcome is an entry list or
// kMalformed, never a read outside the buffer (it ends at a guard page).
TEST(CpioReader, RandomDamageNeverReadsOutOfBounds) {
  std::string archive = CpioBuilder("070702")
                            .dir("bin")
                            .file("bin/a", std::string(300, 'a'))
                            .file("bin/b", "bbbb")
                            .symlink("sh", "bin/a")
                            .char_device("dev/console", 5, 1)
                            .finish();
  std::mt19937 random(12345);
  size_t accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string damaged = archive;
    int changes = 1 + random() % 4;
    for (int i = 0; i < changes; ++i) {
      size_t at = random() % damaged.size();
      switch (random() % 3) {
        case 0: damaged[at] = static_cast<char>(random()); break;
        case 1: damaged[at] = "0123456789abcdef"[random() % 16]; break;
        case 2: damaged.resize(at); break;
      }
      if (damaged.empty()) break;
    }
    std::unique_ptr<GuardedBuffer> buffer;
    Parsed p = parse(damaged, &buffer);
    if (p.ok) {
      ++accepted;
      for (const CpioEntry& e : p.entries) {
        ASSERT_GE(e.data, buffer->data());
        ASSERT_LE(e.data + e.data_size, buffer->data() + buffer->size());
        ASSERT_EQ(e.name[e.name_length], '\0');
      }
    } else {
      ASSERT_EQ(p.error, Error::kMalformed);
    }
  }
  // Some damage is harmless (a changed uid digit), most is not.
  EXPECT_GT(accepted, 0u);
  EXPECT_LT(accepted, 20000u);
}

}  // namespace
}  // namespace akuma::fs
