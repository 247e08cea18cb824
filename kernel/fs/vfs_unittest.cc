// The tree unpacked from archives: what it holds, how duplicates resolve,
// and that every page goes back.
#include "kernel/fs/vfs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "kernel/fs/cpio_builder.h"
#include "kernel/fs/fs_testing.h"

namespace akuma::fs {
namespace {

using testing::CpioBuilder;
using testing::EntrySpec;
using testing::FakePages;
using testing::GuardedBuffer;
using Names = std::vector<std::string>;

class Unpack : public testing::TreeTest {};

std::string pattern(size_t size) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>(i * 7 + i / 4096);
  return s;
}

TEST_F(Unpack, FilesDirectoriesSymlinksAndDevices) {
  unpack(CpioBuilder()
             .dir("bin")
             .add({.name = "bin/hello", .mode = kModeRegular | 0755, .data = "#!hello\n", .uid = 5, .gid = 6,
                   .mtime = 1700000000})
             .dir("dev")
             .char_device("dev/console", 5, 1, 0620)
             .symlink("sh", "bin/hello")
             .add({.name = "pipe", .mode = kModeFifo | 0644})
             .add({.name = "disk", .mode = kModeBlockDevice | 0660, .rdev_major = 8, .rdev_minor = 0})
             .add({.name = "sock", .mode = kModeSocket | 0755})
             .finish());
  EXPECT_EQ(tree.stats().entries, 8u);
  EXPECT_EQ(tree.stats().skipped, 0u);

  const Node* hello = node("/bin/hello");
  ASSERT_NE(hello, nullptr);
  EXPECT_EQ(hello->kind, NodeKind::kRegular);
  EXPECT_EQ(contents(hello), "#!hello\n");
  StatInfo s = stat(hello);
  EXPECT_EQ(s.mode, kModeRegular | 0755);
  EXPECT_EQ(s.uid, 5u);
  EXPECT_EQ(s.gid, 6u);
  EXPECT_EQ(s.mtime, 1700000000u);
  EXPECT_EQ(s.size, 8u);
  EXPECT_EQ(s.nlink, 1u);
  EXPECT_EQ(s.blocks, 8u);  // one 4 KiB page

  const Node* console = node("/dev/console");
  ASSERT_NE(console, nullptr);
  EXPECT_EQ(console->kind, NodeKind::kCharDevice);
  s = stat(console);
  EXPECT_EQ(s.mode, kModeCharDevice | 0620);
  EXPECT_EQ(s.rdev_major, 5u);
  EXPECT_EQ(s.rdev_minor, 1u);
  EXPECT_EQ(s.size, 0u);
  EXPECT_EQ(s.blocks, 0u);

  const Node* sh = node("/sh", Follow::kNo);
  ASSERT_NE(sh, nullptr);
  EXPECT_EQ(sh->kind, NodeKind::kSymlink);
  EXPECT_EQ(stat(sh).mode, kModeSymlink | 0777);
  EXPECT_EQ(stat(sh).size, 9u);
  EXPECT_EQ(link_target(sh), "bin/hello");
  EXPECT_EQ(node("/sh"), hello);

  EXPECT_EQ(node("/pipe")->kind, NodeKind::kFifo);
  EXPECT_EQ(node("/sock")->kind, NodeKind::kSocket);
  const Node* disk = node("/disk");
  EXPECT_EQ(disk->kind, NodeKind::kBlockDevice);
  EXPECT_EQ(stat(disk).rdev_major, 8u);

  // Inode numbers are the tree's own, distinct, the root's 1.
  std::vector<uint64_t> inos;
  for (const char* p : {"/", "/bin", "/bin/hello", "/dev", "/dev/console", "/pipe", "/disk", "/sock"}) {
    inos.push_back(stat(node(p, Follow::kNo)).ino);
  }
  inos.push_back(stat(sh).ino);
  EXPECT_EQ(inos[0], 1u);
  std::sort(inos.begin(), inos.end());
  EXPECT_EQ(std::unique(inos.begin(), inos.end()), inos.end());
}

TEST_F(Unpack, ContentsSpanPagesAndReadsStopAtTheEnd) {
  std::string big = pattern(3 * 4096 + 123);
  unpack(CpioBuilder().file("big", big).file("empty", "").finish());
  const Node* file = node("/big");
  EXPECT_EQ(contents(file), big);
  EXPECT_EQ(stat(file).blocks, 4u * 8);

  // Reads across page boundaries, at odd offsets, and at or past the end.
  char buffer[5000];
  for (uint64_t offset : {0ul, 1ul, 4095ul, 4096ul, 8000ul, 12000ul, 12288ul}) {
    Result<size_t> r = read(file, offset, buffer, sizeof buffer);
    ASSERT_TRUE(r.ok());
    size_t expected = std::min<size_t>(sizeof buffer, big.size() - offset);
    ASSERT_EQ(r.value(), expected) << offset;
    EXPECT_EQ(std::string(buffer, r.value()), big.substr(offset, expected)) << offset;
  }
  for (uint64_t offset : {big.size(), big.size() + 1, uint64_t{1} << 40, ~uint64_t{0}}) {
    Result<size_t> r = read(file, offset, buffer, sizeof buffer);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value(), 0u);
  }
  Result<size_t> none = read(file, 0, buffer, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none.value(), 0u);

  const Node* empty = node("/empty");
  EXPECT_EQ(contents(empty), "");
  EXPECT_EQ(stat(empty).blocks, 0u);
  EXPECT_EQ(page(empty, 0).error(), Error::kRange);
}

TEST_F(Unpack, PagesAreAlignedHoldTheContentsAndAreZeroPastTheEnd) {
  std::string data = pattern(2 * 4096 + 10);
  unpack(CpioBuilder().file("bin/prog", data).finish());
  const Node* prog = node("/bin/prog");
  for (size_t i = 0; i < 3; ++i) {
    Result<uint64_t> p = page(prog, i);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.value() % kFilePageSize, 0u);
    EXPECT_TRUE(pages.live.count(p.value())) << "page " << i << " comes from the page source";
    const char* bytes = reinterpret_cast<const char*>(p.value());
    size_t n = std::min<size_t>(4096, data.size() - i * 4096);
    EXPECT_EQ(std::string(bytes, n), data.substr(i * 4096, n));
    if (n < 4096) {
      EXPECT_EQ(std::string(bytes + n, 4096 - n), std::string(4096 - n, '\0'));
    }
  }
  EXPECT_EQ(page(prog, 3).error(), Error::kRange);
  EXPECT_EQ(page(node("/bin"), 0).error(), Error::kInvalidArgument);
}

TEST_F(Unpack, ReadRefusesAllButRegularFiles) {
  unpack(CpioBuilder().dir("d").symlink("l", "d").char_device("c", 1, 3).finish());
  char b[4];
  EXPECT_EQ(read(node("/d"), 0, b, 4).error(), Error::kIsDirectory);
  EXPECT_EQ(read(node("/"), 0, b, 4).error(), Error::kIsDirectory);
  EXPECT_EQ(read(node("/l", Follow::kNo), 0, b, 4).error(), Error::kInvalidArgument);
  EXPECT_EQ(read(node("/c"), 0, b, 4).error(), Error::kInvalidArgument);
  EXPECT_EQ(read_link(node("/d"), b, 4).error(), Error::kInvalidArgument);
  DirListing entry;
  EXPECT_EQ(list(node("/c"), 0, &entry).error(), Error::kNotDirectory);
}

TEST_F(Unpack, ReadLinkTruncatesWithoutANul) {
  unpack(CpioBuilder().symlink("l", "/a/long/target").finish());
  char b[6] = {'#', '#', '#', '#', '#', '#'};
  Result<size_t> r = read_link(node("/l", Follow::kNo), b, 5);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), 5u);
  EXPECT_EQ(std::string(b, 6), "/a/lo#");
}

TEST_F(Unpack, MissingParentsAreCreated) {
  unpack(CpioBuilder().file("usr/share/doc/readme", "r").finish());
  const Node* doc = node("/usr/share/doc");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(stat(doc).mode, kModeDirectory | 0755);
  EXPECT_EQ(stat(doc).uid, 0u);
  EXPECT_EQ(contents(node("/usr/share/doc/readme")), "r");
}

TEST_F(Unpack, NamesMayStartWithDotSlashOrSlash) {
  unpack(CpioBuilder()
             .add({.name = ".", .mode = kModeDirectory | 0700, .uid = 9})
             .file("./bin//a", "a")
             .file("/bin/b", "b")
             .dir("./etc/")
             .finish());
  EXPECT_EQ(listing(node("/bin")), (Names{".", "..", "a", "b"}));
  EXPECT_TRUE(is_directory(node("/etc")));
  // "." set the root's attributes.
  EXPECT_EQ(stat(tree.root()).mode, kModeDirectory | 0700);
  EXPECT_EQ(stat(tree.root()).uid, 9u);
}

TEST_F(Unpack, TheRootDefaultsTo0755) {
  unpack(CpioBuilder().finish());
  EXPECT_EQ(stat(tree.root()).mode, kModeDirectory | 0755);
  EXPECT_EQ(stat(tree.root()).nlink, 2u);
  EXPECT_EQ(listing(tree.root()), (Names{".", ".."}));
}

TEST_F(Unpack, ListingsAreSortedByNameAfterDotAndDotDot) {
  unpack(CpioBuilder()
             .file("d/zeta", "")
             .file("d/Alpha", "")
             .file("d/alpha", "")
             .dir("d/al")
             .symlink("d/_", "zeta")
             .file("d/alpha2", "")
             .finish());
  const Node* d = node("/d");
  EXPECT_EQ(listing(d), (Names{".", "..", "Alpha", "_", "al", "alpha", "alpha2", "zeta"}));

  // Positions are cookies: listing from any of them resumes there.
  DirListing entry;
  ASSERT_TRUE(list(d, 4, &entry).value());
  EXPECT_EQ(std::string(entry.name, entry.name_length), "al");
  EXPECT_EQ(entry.next, 5u);
  EXPECT_EQ(entry.node, node("/d/al"));
  ASSERT_TRUE(list(d, 1, &entry).value());
  EXPECT_EQ(entry.node, tree.root());
  ASSERT_TRUE(list(d, 0, &entry).value());
  EXPECT_EQ(entry.node, d);
  EXPECT_FALSE(list(d, 8, &entry).value());
  EXPECT_FALSE(list(d, ~uint64_t{0}, &entry).value());
  // The root's ".." is the root.
  ASSERT_TRUE(list(tree.root(), 1, &entry).value());
  EXPECT_EQ(entry.node, tree.root());
}

TEST_F(Unpack, DirectoryLinkCountsAreTwoPlusSubdirectories) {
  unpack(CpioBuilder().dir("a").dir("a/b").dir("a/c").file("a/f", "").dir("a/b/d").finish());
  EXPECT_EQ(stat(tree.root()).nlink, 3u);
  EXPECT_EQ(stat(node("/a")).nlink, 4u);
  EXPECT_EQ(stat(node("/a/b")).nlink, 3u);
  EXPECT_EQ(stat(node("/a/c")).nlink, 2u);
}

TEST_F(Unpack, PathOfWalksUpToTheRoot) {
  unpack(CpioBuilder().file("usr/lib/x", "").symlink("lib", "usr/lib").finish());
  EXPECT_EQ(path(tree.root()), "/");
  EXPECT_EQ(path(node("/usr")), "/usr");
  EXPECT_EQ(path(node("/lib")), "/usr/lib");  // the directory, not the link
  EXPECT_EQ(path(node("/lib/x")), "/usr/lib/x");
  EXPECT_EQ(path(node("/lib", Follow::kNo)), "/lib");

  char small[9];
  EXPECT_EQ(path_of(node("/usr/lib"), small, 9).value(), 8u);
  EXPECT_EQ(std::string(small), "/usr/lib");
  EXPECT_EQ(path_of(node("/usr/lib"), small, 8).error(), Error::kRange);
  EXPECT_EQ(path_of(tree.root(), small, 1).error(), Error::kRange);
  EXPECT_EQ(path_of(tree.root(), small, 2).value(), 1u);
}

// Duplicates: the later entry wins, as Linux's initramfs unpacking decides.

TEST_F(Unpack, ALaterFileReplacesTheContentsOfTheSameInode) {
  unpack(CpioBuilder()
             .file("f", std::string(5000, 'a'), 0644)
             .add({.name = "f", .mode = kModeRegular | 0600, .data = "new", .uid = 3})
             .finish());
  const Node* f = node("/f");
  EXPECT_EQ(contents(f), "new");
  EXPECT_EQ(stat(f).mode, kModeRegular | 0600);
  EXPECT_EQ(stat(f).uid, 3u);
  EXPECT_EQ(stat(f).blocks, 8u);
  EXPECT_EQ(stat(f).ino, 2u);  // still the first file's inode (root is 1)
}

TEST_F(Unpack, ALaterDirectoryKeepsTheEntriesAndTakesTheAttributes) {
  unpack(CpioBuilder()
             .dir("d", 0755)
             .file("d/x", "x")
             .add({.name = "d", .mode = kModeDirectory | 0700, .uid = 4, .mtime = 77})
             .finish());
  const Node* d = node("/d");
  EXPECT_EQ(listing(d), (Names{".", "..", "x"}));
  EXPECT_EQ(stat(d).mode, kModeDirectory | 0700);
  EXPECT_EQ(stat(d).uid, 4u);
  EXPECT_EQ(stat(d).mtime, 77u);
}

TEST_F(Unpack, ADirectoryReplacesAFileAndAFileReplacesAnEmptyDirectory) {
  unpack(CpioBuilder().file("a", "file").dir("a").dir("b").file("b", "now a file").finish());
  EXPECT_TRUE(is_directory(node("/a")));
  EXPECT_EQ(contents(node("/b")), "now a file");
  EXPECT_EQ(stat(tree.root()).nlink, 3u);  // "a" is the only subdirectory left
  EXPECT_EQ(tree.stats().skipped, 0u);
}

TEST_F(Unpack, ANonEmptyDirectoryIsNeverReplaced) {
  // Linux: rmdir fails with ENOTEMPTY, then the creation fails.
  unpack(CpioBuilder()
             .file("d/keep", "k")
             .file("d", "file")
             .symlink("d", "elsewhere")
             .char_device("d", 1, 3)
             .finish());
  EXPECT_TRUE(is_directory(node("/d", Follow::kNo)));
  EXPECT_EQ(contents(node("/d/keep")), "k");
  EXPECT_EQ(tree.stats().skipped, 3u);
}

TEST_F(Unpack, SymlinksAndDevicesReplaceWhatIsThere) {
  unpack(CpioBuilder()
             .file("a", "file")
             .symlink("a", "target")
             .symlink("b", "one")
             .symlink("b", "two")
             .char_device("c", 1, 3)
             .char_device("c", 1, 5)
             .file("e", "")
             .char_device("e", 4, 1)
             .finish());
  EXPECT_EQ(link_target(node("/a", Follow::kNo)), "target");
  EXPECT_EQ(link_target(node("/b", Follow::kNo)), "two");
  EXPECT_EQ(stat(node("/c")).rdev_minor, 5u);
  EXPECT_EQ(node("/e")->kind, NodeKind::kCharDevice);
  EXPECT_EQ(listing(tree.root()), (Names{".", "..", "a", "b", "c", "e"}));
}

TEST_F(Unpack, EntriesLinuxWouldSkipAreSkippedAndCounted) {
  unpack(CpioBuilder()
             .file("f", "x")
             .file("f/under-a-file", "")
             .file("trailing/", "")
             .file(".", "")
             .file("d/" + std::string(256, 'n'), "")
             .symlink("empty-target", "")
             .symlink("huge-target", std::string(4096, 't'))
             .add({.name = "dir-with-data", .mode = kModeDirectory | 0755, .data = "x"})
             .add({.name = "device-with-data", .mode = kModeCharDevice | 0600, .data = "x"})
             .add({.name = std::string(4096, 'p'), .mode = kModeRegular | 0644})
             .symlink("dangling", "nowhere")
             .file("dangling/x", "")
             .finish());
  EXPECT_EQ(tree.stats().entries, 12u);
  EXPECT_EQ(tree.stats().skipped, 10u);
  EXPECT_EQ(listing(tree.root()), (Names{".", "..", "d", "dangling", "f"}));
}

TEST_F(Unpack, ASymlinkTargetEndsAtItsFirstNul) {
  unpack(CpioBuilder().symlink("l", std::string("abc\0def", 7)).finish());
  EXPECT_EQ(link_target(node("/l", Follow::kNo)), "abc");
}

TEST_F(Unpack, NamesPassThroughSymlinksOnTheWay) {
  // Linux walks archive names like any path: "lib/x" lands in usr/lib.
  unpack(CpioBuilder().dir("usr/lib").symlink("lib", "usr/lib").file("lib/x", "x").finish());
  EXPECT_EQ(listing(node("/usr/lib")), (Names{".", "..", "x"}));
  EXPECT_EQ(node("/lib", Follow::kNo)->kind, NodeKind::kSymlink);
}

// Hard links: GNU cpio stores the data with the last name; earlier names
// carry none. All names end up as one inode.
TEST_F(Unpack, HardLinksShareOneInode) {
  EntrySpec first{.name = "bin/a", .mode = kModeRegular | 0755, .ino = 42, .nlink = 3, .dev_major = 8};
  EntrySpec second = first;
  second.name = "bin/b";
  EntrySpec last = first;
  last.name = "sbin/c";
  last.data = "shared";
  EntrySpec other_device = first;
  other_device.name = "other";
  other_device.dev_major = 9;
  other_device.data = "not linked";
  unpack(CpioBuilder().add(first).add(second).add(last).add(other_device).finish());
  const Node* a = node("/bin/a");
  EXPECT_EQ(node("/bin/b"), a);
  EXPECT_EQ(node("/sbin/c"), a);
  EXPECT_EQ(contents(a), "shared");
  EXPECT_EQ(stat(a).nlink, 3u);
  EXPECT_NE(node("/other"), a);
  EXPECT_EQ(contents(node("/other")), "not linked");
  EXPECT_EQ(stat(node("/other")).nlink, 1u);
}

TEST_F(Unpack, OverwritingOneNameOfALinkedFileKeepsTheOthers) {
  EntrySpec a{.name = "a", .mode = kModeRegular | 0644, .data = "data", .ino = 5, .nlink = 2};
  EntrySpec b = a;
  b.name = "b";
  b.data = "";
  // "b", the name added last, is the one path_of reported until it goes.
  unpack(CpioBuilder().add(a).add(b).symlink("b", "a").finish());
  const Node* file = node("/a");
  EXPECT_EQ(contents(file), "data");
  EXPECT_EQ(stat(file).nlink, 1u);
  EXPECT_EQ(path(file), "/a");
  EXPECT_EQ(node("/b"), file);  // through the symlink
}

TEST_F(Unpack, PathOfAHardLinkedFileNamesOneOfItsNames) {
  EntrySpec a{.name = "d/a", .mode = kModeRegular | 0644, .ino = 5, .nlink = 2};
  EntrySpec b = a;
  b.name = "e/b";
  b.data = "x";
  unpack(CpioBuilder().add(a).add(b).file("e/b", "replaced").finish());
  // "e/b" was overwritten in place (O_TRUNC on the linked inode): one inode,
  // two names, new contents under both.
  EXPECT_EQ(contents(node("/d/a")), "replaced");
  EXPECT_EQ(node("/d/a"), node("/e/b"));
  std::string p = path(node("/d/a"));
  EXPECT_TRUE(p == "/d/a" || p == "/e/b") << p;
}

TEST_F(Unpack, AFileRewrittenInPlaceCanBeLinkedTo) {
  // Linux records the link candidate before it truncates the existing file.
  EntrySpec again{.name = "a", .mode = kModeRegular | 0644, .data = "second", .ino = 5, .nlink = 2};
  EntrySpec link = again;
  link.name = "b";
  link.data = "";
  unpack(CpioBuilder().file("a", "first").add(again).add(link).finish());
  EXPECT_EQ(node("/b"), node("/a"));
  EXPECT_EQ(contents(node("/b")), "second");
  EXPECT_EQ(stat(node("/a")).nlink, 2u);
}

TEST_F(Unpack, DeviceNodesCanBeHardLinked) {
  EntrySpec a{.name = "dev/tty0", .mode = kModeCharDevice | 0620, .ino = 7, .nlink = 2, .rdev_major = 4};
  EntrySpec b = a;
  b.name = "dev/tty";
  unpack(CpioBuilder().add(a).add(b).finish());
  EXPECT_EQ(node("/dev/tty0"), node("/dev/tty"));
  EXPECT_EQ(stat(node("/dev/tty")).nlink, 2u);
}

// Memory.

TEST_F(Unpack, ClearGivesEveryPageBack) {
  unpack(CpioBuilder().file("a", pattern(10000)).file("b", pattern(1)).dir("c").symlink("d", "a").finish());
  EXPECT_GE(pages.held, 4u);  // 3 + 1 content pages, and bookkeeping
  EXPECT_EQ(tree.pages_held(), pages.held);
  tree.clear();
  EXPECT_EQ(pages.held, 0u);
  // An emptied tree unpacks again.
  unpack(CpioBuilder().file("again", "yes").finish());
  EXPECT_EQ(contents(node("/again")), "yes");
  EXPECT_EQ(tree.pages_held(), pages.held);
}

TEST_F(Unpack, ReplacedContentsGoBackAtOnce) {
  std::string one = CpioBuilder().file("f", pattern(40000)).finish();
  unpack(one);
  size_t held_once = pages.held;
  tree.clear();
  // The same file listed five times holds no more than listed once (bar
  // bookkeeping): each replacement frees the contents it replaces.
  CpioBuilder five;
  for (int i = 0; i < 5; ++i) five.file("f", pattern(40000));
  unpack(five.finish());
  EXPECT_LE(pages.held, held_once + 1);
}

TEST_F(Unpack, UnpackingTwiceWithoutClearIsRefused) {
  unpack(CpioBuilder().file("a", "").finish());
  std::string archive = CpioBuilder().finish();
  EXPECT_EQ(tree.unpack(reinterpret_cast<const uint8_t*>(archive.data()), archive.size(), pages.source()).error(),
            Error::kBusy);
  EXPECT_NE(tree.root(), nullptr);
}

TEST_F(Unpack, AMalformedArchiveLeavesNothingBehind) {
  std::string good = CpioBuilder().file("a", pattern(9000)).dir("d").bytes();
  Result<void> r = try_unpack(good + "070701 nonsense" + std::string(200, '0'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), Error::kMalformed);
  EXPECT_EQ(tree.root(), nullptr);
  EXPECT_EQ(pages.held, 0u);
  EXPECT_GT(pages.allocations, 0u);  // it did get some way
  // A missing trailer is malformed too.
  EXPECT_EQ(try_unpack(good).error(), Error::kMalformed);
  EXPECT_EQ(pages.held, 0u);
}

// Out of pages at every possible point: the error comes back and every page
// taken so far is returned.
TEST_F(Unpack, RunningOutOfPagesAnywhereLeavesNothingBehind) {
  CpioBuilder builder;
  for (int i = 0; i < 30; ++i) {
    builder.file("dir" + std::to_string(i % 4) + "/file" + std::to_string(i), pattern(i * 700));
  }
  builder.symlink("link", "dir1").char_device("dev/null", 1, 3);
  std::string archive = builder.finish();

  unpack(archive);
  size_t needed = pages.held;
  tree.clear();

  for (size_t limit = 0; limit < needed; ++limit) {
    pages.limit = limit;
    Result<void> r = try_unpack(archive);
    ASSERT_FALSE(r.ok()) << "limit " << limit;
    EXPECT_EQ(r.error(), Error::kNoMemory);
    EXPECT_EQ(tree.root(), nullptr);
    ASSERT_EQ(pages.held, 0u) << "limit " << limit;
  }
  pages.limit = needed;
  unpack(archive);
}

// Random damage to an archive, unpacked: a tree or an error, never a crash
// or a page kept.
TEST_F(Unpack, RandomlyDamagedArchivesUnpackOrFailCleanly) {
  std::string archive = CpioBuilder()
                            .dir("bin")
                            .file("bin/a", pattern(5000))
                            .add({.name = "bin/b", .mode = kModeRegular | 0755, .data = "b", .ino = 9, .nlink = 2})
                            .add({.name = "bin/c", .mode = kModeRegular | 0755, .ino = 9, .nlink = 2})
                            .symlink("sh", "bin/a")
                            .symlink("loop", "loop")
                            .char_device("dev/console", 5, 1)
                            .file("bin/a", "again")
                            .finish();
  std::mt19937 random(777);
  size_t unpacked = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string damaged = archive;
    int changes = 1 + random() % 3;
    for (int i = 0; i < changes; ++i) {
      size_t at = random() % damaged.size();
      // Mostly hex digits and path characters, so damaged archives often
      // still parse and reach the tree.
      const char alphabet[] = "0123456789abcdef/.0";
      damaged[at] = random() % 4 ? alphabet[random() % (sizeof alphabet - 1)] : static_cast<char>(random());
    }
    Result<void> r = try_unpack(damaged);
    if (r.ok()) {
      ++unpacked;
      // Whatever was built resolves and lists without trouble.
      (void)resolve("/bin/a");
      (void)resolve("/sh");
      (void)resolve("/loop");
      listing(tree.root());
      tree.clear();
    } else {
      ASSERT_EQ(r.error(), Error::kMalformed);
    }
    ASSERT_EQ(pages.held, 0u) << "round " << round;
  }
  EXPECT_GT(unpacked, 100u);
}

TEST(FsErrors, HaveNames) {
  EXPECT_STREQ(error_name(Error::kNotDirectory), "not a directory");
  EXPECT_STREQ(error_name(Error::kIsDirectory), "is a directory");
  EXPECT_STREQ(error_name(Error::kNameTooLong), "name too long");
  EXPECT_STREQ(error_name(Error::kSymlinkLoop), "too many symbolic links");
}

}  // namespace
}  // namespace akuma::fs
