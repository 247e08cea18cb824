// Writes the seed archives for unpack_fuzzer into the directory given:
//   bazel run //kernel/fs/fuzz:make_corpus -- DIR
// (unpack_fuzzer_test runs it into its scratch directory before fuzzing).
#include <cstdio>
#include <string>

#include "kernel/fs/cpio_builder.h"

using akuma::fs::kModeCharDevice;
using akuma::fs::kModeDirectory;
using akuma::fs::kModeRegular;
using akuma::fs::testing::CpioBuilder;
using akuma::fs::testing::EntrySpec;

namespace {

bool write(const std::string& dir, const char* name, const std::string& bytes) {
  std::string path = dir + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_corpus DIR\n");
    return 2;
  }
  std::string dir = argv[1];
  std::string initramfs = CpioBuilder()
                              .add({.name = ".", .mode = kModeDirectory | 0755})
                              .dir("bin")
                              .file("bin/init", std::string(5000, 'i'), 0755)
                              .file("bin/ls", "ls", 0755)
                              .symlink("bin/sh", "init")
                              .dir("dev")
                              .char_device("dev/console", 5, 1)
                              .file("www/index.html", "<html></html>\n")
                              .symlink("lib", "/usr/lib")
                              .dir("usr/lib")
                              .symlink("loop", "loop")
                              .finish();
  EntrySpec linked{.name = "a", .mode = kModeRegular | 0644, .ino = 7, .nlink = 2};
  EntrySpec last = linked;
  last.name = "d/b";
  last.data = "data";
  std::string duplicates = CpioBuilder()
                               .add(linked)
                               .add(last)
                               .file("d/x", "1")
                               .file("d", "replaces nothing")
                               .dir("e")
                               .file("e", "replaces e")
                               .char_device("c", 1, 3)
                               .add({.name = "c", .mode = kModeCharDevice | 0600, .rdev_major = 1, .rdev_minor = 5})
                               .finish();
  std::string checksummed = CpioBuilder("070702").file("f", "checksummed").symlink("g", "f").finish();
  bool ok = write(dir, "initramfs", initramfs) && write(dir, "duplicates", duplicates) &&
            write(dir, "checksummed", checksummed);
  return ok ? 0 : 1;
}
