#include "kernel/boot/fdt.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace akuma::fdt {
namespace {

// Blobs QEMU 7.2 wrote with -M virt,dumpdtb=FILE (trimmed to their used size):
// -m 64M with a 100000-byte -initrd and -append "console=ttyAMA0 hello";
// -m 512M -smp 4 without an initrd.
std::vector<uint8_t> load(const char* name) {
  std::ifstream in(std::string("kernel/boot/testdata/") + name, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

TEST(Fdt, QemuVirt64MWithInitrd) {
  auto blob = load("virt_64m_initrd.dtb");
  ASSERT_FALSE(blob.empty());
  auto info = parse_boot_info(blob.data(), blob.size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info.value().ram_base, 0x40000000u);
  EXPECT_EQ(info.value().ram_size, 64u << 20);
  EXPECT_EQ(info.value().initrd_start, 0x42000000u);
  EXPECT_EQ(info.value().initrd_end, 0x42000000u + 100000);
  EXPECT_STREQ(info.value().bootargs, "console=ttyAMA0 hello");
  EXPECT_EQ(info.value().cpu_count, 1u);
  EXPECT_EQ(info.value().psci, PsciConduit::kHvc);
  EXPECT_NE(info.value().rng_seed, 0u);
}

TEST(Fdt, QemuVirt512MFourCpusNoInitrd) {
  auto blob = load("virt_512m_smp4.dtb");
  auto info = parse_boot_info(blob.data(), blob.size());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info.value().ram_size, 512u << 20);
  EXPECT_EQ(info.value().initrd_start, 0u);
  EXPECT_EQ(info.value().initrd_end, 0u);
  EXPECT_EQ(info.value().cpu_count, 4u);
  for (uint64_t i = 0; i < 4; ++i) EXPECT_EQ(info.value().cpu_mpidr[i], i);  // QEMU's virt: Aff0 = index
  EXPECT_STREQ(info.value().bootargs, "");
}

TEST(Fdt, PathsOfNodes) {
  auto blob = load("virt_512m_smp4.dtb");
  std::vector<std::string> seen;
  auto r = for_each_property(
      blob.data(), blob.size(),
      [](const Property& p, void* ctx) {
        static_cast<std::vector<std::string>*>(ctx)->push_back(std::string(p.node_path) + ":" + p.name);
      },
      &seen);
  ASSERT_TRUE(r.ok());
  auto has = [&](const char* s) { return std::find(seen.begin(), seen.end(), s) != seen.end(); };
  EXPECT_TRUE(has("/:#address-cells"));
  EXPECT_TRUE(has("/cpus/cpu@3:reg"));
  EXPECT_TRUE(has("/memory@40000000:reg"));
  EXPECT_TRUE(has("/pl011@9000000:reg"));
}

TEST(Fdt, RejectsBadHeaders) {
  auto blob = load("virt_64m_initrd.dtb");
  EXPECT_FALSE(blob_size(blob.data(), 39).ok());                 // shorter than a header
  EXPECT_FALSE(blob_size(blob.data(), blob.size() - 1).ok());    // totalsize beyond the buffer
  auto bad = blob;
  bad[0] ^= 0xff;                                                // magic
  EXPECT_FALSE(parse_boot_info(bad.data(), bad.size()).ok());
  bad = blob;
  bad[11] = 0xff;                                                // struct offset past the end
  EXPECT_FALSE(parse_boot_info(bad.data(), bad.size()).ok());
}

// Every truncation and every single-byte corruption is either parsed or
// refused; none reads outside the buffer (run under ASan in the fuzz config,
// and bounds-checked by construction here).
TEST(Fdt, SurvivesTruncationAndCorruption) {
  auto blob = load("virt_64m_initrd.dtb");
  for (size_t n = 0; n < blob.size(); n += 7) {
    std::vector<uint8_t> cut(blob.begin(), blob.begin() + n);
    if (n >= 8) {  // keep totalsize honest so the walk itself meets the cut
      cut[4] = static_cast<uint8_t>(n >> 24), cut[5] = static_cast<uint8_t>(n >> 16);
      cut[6] = static_cast<uint8_t>(n >> 8), cut[7] = static_cast<uint8_t>(n);
    }
    (void)parse_boot_info(cut.data(), cut.size());
  }
  for (size_t i = 40; i < blob.size(); i += 3) {
    auto bad = blob;
    bad[i] ^= 0x5a;
    (void)parse_boot_info(bad.data(), bad.size());
  }
  SUCCEED();
}

TEST(Fdt, MissingMemoryIsNotFound) {
  auto blob = load("virt_64m_initrd.dtb");
  // Rename every "memory" node so none is found: find the string in the struct block.
  std::string s(blob.begin(), blob.end());
  for (size_t at = s.find("memory@"); at != std::string::npos; at = s.find("memory@", at + 1)) blob[at] = 'M';
  auto info = parse_boot_info(blob.data(), blob.size());
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error(), Error::kNotFound);
}

}  // namespace
}  // namespace akuma::fdt
