#include "kernel/proc/elf.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace akuma::elf {
namespace {

constexpr uint64_t kLo = 0x100000000ull;
constexpr uint64_t kHi = 0x200000000ull;

struct Builder {
  struct Ph {
    uint32_t type = 1, flags = 5;
    uint64_t offset = 0, vaddr = kLo, filesz = 0x100, memsz = 0x100;  // holds the headers
  };
  uint16_t machine = 183, type = 2, phentsize = 56;
  uint8_t cls = 2, data = 1;
  uint64_t entry = kLo + 0x10, phoff = 64;
  std::vector<Ph> phs{Ph{}};
  size_t size = 0x2000;

  std::vector<uint8_t> build() const {
    std::vector<uint8_t> f(size, 0);
    auto put = [&f](size_t at, const void* p, size_t n) {
      if (at <= f.size() && n <= f.size() - at) std::memcpy(&f[at], p, n);
    };
    const uint8_t ident[8] = {0x7f, 'E', 'L', 'F', cls, data, 1, 0};
    put(0, ident, 8);
    put(16, &type, 2);
    put(18, &machine, 2);
    put(24, &entry, 8);
    put(32, &phoff, 8);
    put(54, &phentsize, 2);
    uint16_t n = static_cast<uint16_t>(phs.size());
    put(56, &n, 2);
    for (size_t i = 0; i < phs.size(); ++i) {
      size_t at = phoff + i * 56;
      put(at, &phs[i].type, 4);
      put(at + 4, &phs[i].flags, 4);
      put(at + 8, &phs[i].offset, 8);
      put(at + 16, &phs[i].vaddr, 8);
      put(at + 32, &phs[i].filesz, 8);
      put(at + 40, &phs[i].memsz, 8);
    }
    return f;
  }
};

const char* reason_of(const Builder& b, size_t truncate_to = SIZE_MAX) {
  auto f = b.build();
  const char* why = nullptr;
  auto r = parse(f.data(), std::min(truncate_to, f.size()), kLo, kHi, &why);
  if (r.ok()) return "ok";
  EXPECT_EQ(r.error(), Error::kMalformed);
  return why;
}

TEST(Elf, ValidImage) {
  Builder b;
  b.phs.push_back({1, 6, 0x1100, kLo + 0x1100, 0x10, 0x2000});  // rw data + bss
  auto f = b.build();
  auto r = parse(f.data(), f.size(), kLo, kHi);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().entry, kLo + 0x10);
  ASSERT_EQ(r.value().segment_count, 2u);
  EXPECT_TRUE(r.value().segments[0].exec);
  EXPECT_TRUE(r.value().segments[1].write);
  EXPECT_EQ(r.value().segments[1].memsz, 0x2000u);
  EXPECT_EQ(r.value().phdr_vaddr, kLo + 64);  // e_phoff inside the first segment
  EXPECT_EQ(r.value().phnum, 2);
  EXPECT_FALSE(r.value().position_independent);
}

TEST(Elf, PositionIndependentStaticProgramsGetTheBias) {
  Builder b;
  b.type = 3;  // ET_DYN (static-pie)
  b.phs[0].vaddr = 0;
  b.entry = 0x10;
  auto f = b.build();
  auto r = parse(f.data(), f.size(), f.size(), kLo, kHi, kLo + 0x10000, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().position_independent);
  EXPECT_EQ(r.value().entry, kLo + 0x10010);
  EXPECT_EQ(r.value().segments[0].vaddr, kLo + 0x10000);
  EXPECT_EQ(r.value().phdr_vaddr, kLo + 0x10040);
  // The bias does not apply to ET_EXEC.
  b.type = 2;
  EXPECT_FALSE(parse(b.build().data(), f.size(), f.size(), kLo, kHi, kLo + 0x10000, nullptr).ok());
}

TEST(Elf, PtPhdrNamesTheHeaders) {
  Builder b;
  b.phs.push_back({6, 4, 64, kLo + 64, 112, 112});  // PT_PHDR
  auto f = b.build();
  auto r = parse(f.data(), f.size(), kLo, kHi);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().phdr_vaddr, kLo + 64);
}

TEST(Elf, RejectsDynamicLinkingAndOddLayouts) {
  Builder b;
  b.phs.push_back({3, 4, 0x200, 0, 0x10, 0x10});  // PT_INTERP
  EXPECT_STREQ(reason_of(b), "dynamically linked (PT_INTERP): static programs only");
  b = Builder{};
  b.phs[0].vaddr = kLo + 0x80;  // offset 0, address 0x80 into a page
  b.entry = kLo + 0x90;
  EXPECT_STREQ(reason_of(b), "segment offset and address not congruent");
  b = Builder{};
  b.phs[0].offset = 0x1000;  // the headers are in no loaded segment
  EXPECT_STREQ(reason_of(b), "program headers not in a loaded segment");
  b = Builder{};
  for (int i = 0; i < 70; ++i) b.phs.push_back({4, 4, 0, 0, 0, 0});
  EXPECT_STREQ(reason_of(b), "too many program headers");
  // Headers beyond the bytes the loader read: refused, not read out of bounds.
  auto f = Builder{}.build();
  const char* why = nullptr;
  EXPECT_FALSE(parse(f.data(), 100, f.size(), kLo, kHi, 0, &why).ok());
  EXPECT_STREQ(why, "program headers beyond what was read");
}

TEST(Elf, RejectsHeaderProblems) {
  Builder b;
  EXPECT_STREQ(reason_of(b, 10), "truncated ELF header");
  EXPECT_STREQ(reason_of(b, 0), "truncated ELF header");
  b.cls = 1;
  EXPECT_STREQ(reason_of(b), "not a 64-bit ELF");
  b = Builder{};
  b.data = 2;
  EXPECT_STREQ(reason_of(b), "not little-endian");
  b = Builder{};
  b.machine = 62;
  EXPECT_STREQ(reason_of(b), "not AArch64");
  b = Builder{};
  b.type = 1;  // ET_REL
  EXPECT_STREQ(reason_of(b), "not an executable (ET_EXEC or ET_DYN)");
  b = Builder{};
  b.phentsize = 32;
  EXPECT_STREQ(reason_of(b), "bad program header size");
}

TEST(Elf, RejectsBadMagic) {
  auto f = Builder{}.build();
  f[1] = 'X';
  const char* why = nullptr;
  EXPECT_FALSE(parse(f.data(), f.size(), kLo, kHi, &why).ok());
  EXPECT_STREQ(why, "bad magic");
  EXPECT_FALSE(parse(nullptr, 100, kLo, kHi).ok());
}

TEST(Elf, RejectsProgramHeadersOutsideFile) {
  Builder b;
  b.phoff = 0x1ff0;
  EXPECT_STREQ(reason_of(b), "program headers outside the file");
  b.phoff = UINT64_MAX - 8;  // overflow
  EXPECT_STREQ(reason_of(b), "program headers outside the file");
  Builder t;
  EXPECT_STREQ(reason_of(t, 100), "program headers outside the file");
}

TEST(Elf, RejectsSegmentProblems) {
  Builder b;
  b.phs[0].filesz = 0x200;
  EXPECT_STREQ(reason_of(b), "segment filesz > memsz");
  b = Builder{};
  b.phs[0].offset = 0x1000;
  b.phs[0].filesz = b.phs[0].memsz = 0x1001;  // one byte past the end
  EXPECT_STREQ(reason_of(b), "segment outside the file");
  b = Builder{};
  b.phs[0].offset = UINT64_MAX - 0xfff;  // congruent, and wraps
  EXPECT_STREQ(reason_of(b), "segment outside the file");
  b = Builder{};
  b.phs[0].vaddr = 0x40080000;  // kernel memory
  b.entry = 0x40080010;
  EXPECT_STREQ(reason_of(b), "segment outside the user region");
  b = Builder{};
  b.phs[0].vaddr = kHi - 0x1000;  // crosses the top
  b.phs[0].memsz = 0x2000;
  b.entry = kHi - 0x1000 + 0x10;
  EXPECT_STREQ(reason_of(b), "segment outside the user region");
  b = Builder{};
  b.phs[0].vaddr = UINT64_MAX - 0xfff;  // wraps
  EXPECT_STREQ(reason_of(b), "segment outside the user region");
  b = Builder{};
  b.phs.push_back({1, 6, 0x1080, kLo + 0x80, 0x10, 0x10});  // same page as text
  EXPECT_STREQ(reason_of(b), "segments overlap");
}

TEST(Elf, RejectsMissingOrBadEntry) {
  Builder b;
  b.phs[0].type = 4;  // PT_NOTE only
  EXPECT_STREQ(reason_of(b), "no loadable segments");
  b = Builder{};
  b.entry = kLo + 0x5000;
  EXPECT_STREQ(reason_of(b), "entry point outside executable segments");
  b = Builder{};
  b.phs[0].flags = 6;  // entry in a non-executable segment
  EXPECT_STREQ(reason_of(b), "entry point outside executable segments");
  b = Builder{};
  b.phs.clear();
  EXPECT_STREQ(reason_of(b), "no program headers");
}

TEST(Elf, RejectsTooManySegments) {
  Builder b;
  b.phs.clear();
  for (uint64_t i = 0; i < kMaxSegments + 1; ++i) b.phs.push_back({1, 5, 0, kLo + i * 0x1000, 0x10, 0x10});
  EXPECT_STREQ(reason_of(b), "too many segments");
}

TEST(Elf, EveryTruncationFailsCleanly) {
  Builder b;
  auto f = b.build();
  for (size_t n = 0; n < 0x100; ++n) {
    auto r = parse(f.data(), n, kLo, kHi);
    EXPECT_FALSE(r.ok()) << n;
  }
  EXPECT_TRUE(parse(f.data(), 0x100, kLo, kHi).ok());
}

}  // namespace
}  // namespace akuma::elf
