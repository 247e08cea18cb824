// Path resolution: what Linux's path walk does, on the unpacked tree.
#include <gtest/gtest.h>

#include <string>

#include "kernel/fs/cpio_builder.h"
#include "kernel/fs/fs_testing.h"
#include "kernel/fs/vfs.h"

namespace akuma::fs {
namespace {

using testing::CpioBuilder;

class Resolve : public testing::TreeTest {
 protected:
  void SetUp() override {
    unpack(CpioBuilder()
               .dir("bin")
               .file("bin/ls", "ls")
               .dir("usr/lib")
               .file("usr/lib/libc", "libc")
               .file("etc/motd", "hi")
               .symlink("lib", "usr/lib")          // relative, to a directory
               .symlink("abs", "/usr/lib/libc")    // absolute, to a file
               .symlink("usr/lib/up", "../../bin")  // relative with ..
               .symlink("usr/lib/motd", "/etc/motd")  // absolute, away from its directory
               .symlink("dirslash", "usr/lib/")    // target with a trailing slash
               .symlink("fileslash", "etc/motd/")
               .symlink("dangling", "nowhere")
               .symlink("self", "self")
               .symlink("ping", "pong")
               .symlink("pong", "ping")
               .char_device("dev/console", 5, 1)
               .finish());
  }
};

TEST_F(Resolve, AbsoluteAndRelativePaths) {
  const Node* ls = node("/bin/ls");
  ASSERT_NE(ls, nullptr);
  EXPECT_EQ(contents(ls), "ls");
  const Node* bin = node("/bin");
  EXPECT_EQ(node("ls", Follow::kYes, bin), ls);
  EXPECT_EQ(node("bin/ls", Follow::kYes, tree.root()), ls);
  // A null start is the root.
  EXPECT_EQ(node("bin/ls"), ls);
  // Absolute paths ignore the start.
  EXPECT_EQ(node("/etc/motd", Follow::kYes, bin), node("/etc/motd"));
  EXPECT_EQ(node("/"), tree.root());
}

TEST_F(Resolve, DotDotDotAndRepeatedSlashes) {
  const Node* bin = node("/bin");
  EXPECT_EQ(node("."), tree.root());
  EXPECT_EQ(node(".", Follow::kYes, bin), bin);
  EXPECT_EQ(node("..", Follow::kYes, bin), tree.root());
  EXPECT_EQ(node("../etc/./motd", Follow::kYes, bin), node("/etc/motd"));
  EXPECT_EQ(node("//bin///ls"), node("/bin/ls"));
  EXPECT_EQ(node("///"), tree.root());
  EXPECT_EQ(node("/bin/./../bin/ls"), node("/bin/ls"));
  // Above the root is the root.
  EXPECT_EQ(node("/.."), tree.root());
  EXPECT_EQ(node("/../../bin/../.."), tree.root());
  EXPECT_EQ(node("../../..", Follow::kYes, bin), tree.root());
}

TEST_F(Resolve, TrailingSlashNeedsADirectory) {
  EXPECT_EQ(node("/bin/"), node("/bin"));
  EXPECT_EQ(node("/bin//"), node("/bin"));
  EXPECT_EQ(error_of("/bin/ls/"), "not a directory");
  EXPECT_EQ(error_of("/bin/ls/."), "not a directory");
  EXPECT_EQ(error_of("/bin/ls/.."), "not a directory");
  EXPECT_EQ(error_of("/dev/console/"), "not a directory");
  EXPECT_EQ(error_of("/missing/"), "not found");
}

TEST_F(Resolve, SymlinksOnTheWayAreFollowed) {
  EXPECT_EQ(node("/lib/libc"), node("/usr/lib/libc"));
  EXPECT_EQ(node("/usr/lib/up/ls"), node("/bin/ls"));
  EXPECT_EQ(node("/lib/up/ls"), node("/bin/ls"));
  // ".." after a symlink is the parent of where it led, not of the link.
  EXPECT_EQ(node("/lib/.."), node("/usr"));
  // An absolute target restarts at the root, whatever the start.
  EXPECT_EQ(node("abs", Follow::kYes, tree.root()), node("/usr/lib/libc"));
  EXPECT_EQ(node("/usr/lib/motd"), node("/etc/motd"));
  EXPECT_EQ(node("lib/motd", Follow::kYes, tree.root()), node("/etc/motd"));
  // A relative one starts in the link's directory, not the start's.
  EXPECT_EQ(node("usr/lib/up", Follow::kYes, tree.root()), node("/bin"));
}

TEST_F(Resolve, TheLastSymlinkIsFollowedOnlyWhenAsked) {
  const Node* link = node("/lib", Follow::kNo);
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->kind, NodeKind::kSymlink);
  EXPECT_EQ(node("/lib", Follow::kYes), node("/usr/lib"));
  EXPECT_EQ(node("/abs", Follow::kNo)->kind, NodeKind::kSymlink);
  EXPECT_EQ(node("/dangling", Follow::kNo)->kind, NodeKind::kSymlink);
  EXPECT_EQ(node("/self", Follow::kNo)->kind, NodeKind::kSymlink);
  // A trailing slash follows it anyway (lstat("link/") is the directory).
  EXPECT_EQ(node("/lib/", Follow::kNo), node("/usr/lib"));
  EXPECT_EQ(error_of("/abs/", Follow::kNo), "not a directory");
}

TEST_F(Resolve, TrailingSlashesInsideTargetsCount) {
  EXPECT_EQ(node("/dirslash"), node("/usr/lib"));
  EXPECT_EQ(node("/dirslash/libc"), node("/usr/lib/libc"));
  EXPECT_EQ(error_of("/fileslash"), "not a directory");
  EXPECT_EQ(node("/fileslash", Follow::kNo)->kind, NodeKind::kSymlink);
}

TEST_F(Resolve, MissingAndDanglingAreNotFound) {
  EXPECT_EQ(error_of("/nope"), "not found");
  EXPECT_EQ(error_of("/bin/nope"), "not found");
  EXPECT_EQ(error_of("/nope/ls"), "not found");
  EXPECT_EQ(error_of("/dangling"), "not found");
  EXPECT_EQ(error_of("/dangling/x"), "not found");
  EXPECT_EQ(error_of(""), "not found");
}

TEST_F(Resolve, NonDirectoriesMidPathAreNotDirectories) {
  EXPECT_EQ(error_of("/bin/ls/x"), "not a directory");
  EXPECT_EQ(error_of("/abs/x"), "not a directory");
  EXPECT_EQ(error_of("/dev/console/x"), "not a directory");
  // A relative path from a start that is not a directory.
  EXPECT_EQ(error_of("x", Follow::kYes, node("/bin/ls")), "not a directory");
  EXPECT_EQ(error_of(".", Follow::kYes, node("/bin/ls")), "not a directory");
}

TEST_F(Resolve, SymlinkLoopsStopAtTheLimit) {
  EXPECT_EQ(error_of("/self"), "too many symbolic links");
  EXPECT_EQ(error_of("/ping"), "too many symbolic links");
  EXPECT_EQ(error_of("/self/x"), "too many symbolic links");
  EXPECT_EQ(error_of("/self/", Follow::kNo), "too many symbolic links");
}

// A chain of n links to a file: 40 follows are allowed, the 41st is a loop
// (Linux's MAXSYMLINKS), whether the links are at the end or mid-path.
class SymlinkChain : public testing::TreeTest {
 protected:
  void build(int n) {
    CpioBuilder b;
    b.file("target/file", "end");
    b.symlink("l0", "target");
    for (int i = 1; i < n; ++i) b.symlink("l" + std::to_string(i), "l" + std::to_string(i - 1));
    unpack(b.finish());
  }
};

TEST_F(SymlinkChain, FortyFollowsResolve) {
  build(40);
  EXPECT_EQ(node("/l39"), node("/target"));
  EXPECT_EQ(node("/l39/file"), node("/target/file"));
}

TEST_F(SymlinkChain, FortyOneFollowsAreALoop) {
  build(41);
  EXPECT_EQ(node("/l39"), node("/target"));
  EXPECT_EQ(error_of("/l40"), "too many symbolic links");
  EXPECT_EQ(error_of("/l40/file"), "too many symbolic links");
  EXPECT_EQ(node("/l40", Follow::kNo)->kind, NodeKind::kSymlink);
}

// Links nested in targets (each target names further links mid-path) count
// towards the same limit: 20 + 20 follows resolve, one more does not.
TEST_F(SymlinkChain, FollowsCountAcrossTheWholeWalk) {
  CpioBuilder b;
  b.file("d/f", "f");
  b.symlink("a0", "d");
  for (int i = 1; i < 20; ++i) b.symlink("a" + std::to_string(i), "a" + std::to_string(i - 1));
  b.symlink("d/b0", "f");
  for (int i = 1; i < 21; ++i) b.symlink("d/b" + std::to_string(i), "b" + std::to_string(i - 1));
  unpack(b.finish());
  EXPECT_EQ(node("/a19/b19"), node("/d/f"));  // 20 + 20
  EXPECT_EQ(error_of("/a19/b20"), "too many symbolic links");
}

TEST_F(Resolve, LongNames) {
  std::string name255(255, 'n');
  std::string name256(256, 'n');
  EXPECT_EQ(error_of("/" + name255), "not found");
  EXPECT_EQ(error_of("/" + name256), "name too long");
  EXPECT_EQ(error_of("/bin/" + name256 + "/x"), "name too long");
  // Earlier components decide first: Linux reports the missing directory.
  EXPECT_EQ(error_of("/nope/" + name256), "not found");
  EXPECT_EQ(error_of("/bin/ls/" + name256), "not a directory");

  // A path of 4095 bytes is resolved; 4096 (PATH_MAX with the NUL) is not.
  std::string path4095 = "/bin";
  while (path4095.size() < 4095 - 3) path4095 += "/.";
  path4095 += "/ls";
  ASSERT_EQ(path4095.size(), 4095u);
  EXPECT_EQ(node(path4095), node("/bin/ls"));
  EXPECT_EQ(error_of("/" + path4095), "name too long");
}

TEST_F(Resolve, PathsNeedNoNul) {
  // resolve() takes a length: the bytes after it are not looked at.
  std::string text = "/bin/lsXYZ";
  Result<const Node*> r = tree.resolve(nullptr, text.data(), 7, Follow::kYes);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), node("/bin/ls"));
}

TEST(ResolveEmptyTree, FindsNothing) {
  Tree tree;
  EXPECT_EQ(tree.resolve(nullptr, "/", 1, Follow::kYes).error(), Error::kNotFound);
}

}  // namespace
}  // namespace akuma::fs
