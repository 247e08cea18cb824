// Writes newc cpio archives for tests (host only): entries with any field
// value, optionally damaged, so the reader and the tree can be fed both good
// and bad archives.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "kernel/fs/cpio.h"

namespace akuma::fs::testing {

struct EntrySpec {
  std::string name;
  uint32_t mode = kModeRegular | 0644;
  std::string data;
  uint32_t ino = 0;  // 0: the builder numbers entries itself
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t nlink = 1;
  uint32_t mtime = 0;
  uint32_t dev_major = 0;
  uint32_t dev_minor = 0;
  uint32_t rdev_major = 0;
  uint32_t rdev_minor = 0;
};

class CpioBuilder {
 public:
  // "070702" writes the checksum of regular files' data.
  explicit CpioBuilder(const char* magic = "070701") : magic_(magic) {}

  CpioBuilder& add(const EntrySpec& e) {
    uint32_t check = 0;
    if (magic_ == "070702" && (e.mode & kModeTypeMask) == kModeRegular) {
      for (unsigned char c : e.data) check += c;
    }
    append_header(e, static_cast<uint32_t>(e.name.size() + 1), static_cast<uint32_t>(e.data.size()), check);
    bytes_ += e.name;
    bytes_ += '\0';
    pad();
    bytes_ += e.data;
    pad();
    return *this;
  }
  CpioBuilder& file(const std::string& name, const std::string& data, uint32_t mode = 0644) {
    return add({.name = name, .mode = kModeRegular | mode, .data = data});
  }
  CpioBuilder& dir(const std::string& name, uint32_t mode = 0755) {
    return add({.name = name, .mode = kModeDirectory | mode});
  }
  CpioBuilder& symlink(const std::string& name, const std::string& target) {
    return add({.name = name, .mode = kModeSymlink | 0777, .data = target});
  }
  CpioBuilder& char_device(const std::string& name, uint32_t major, uint32_t minor, uint32_t mode = 0600) {
    return add({.name = name, .mode = kModeCharDevice | mode, .rdev_major = major, .rdev_minor = minor});
  }
  CpioBuilder& trailer() {
    EntrySpec t{.name = "TRAILER!!!", .mode = 0, .ino = 0, .nlink = 1};
    append_header(t, 11, 0, 0, /*number=*/false);
    bytes_ += std::string("TRAILER!!!") + '\0';
    pad();
    return *this;
  }
  // Raw bytes, for damaged archives.
  CpioBuilder& raw(const std::string& bytes) {
    bytes_ += bytes;
    return *this;
  }

  const std::string& bytes() const { return bytes_; }
  std::string finish() { return trailer().bytes(); }

  // The header text alone, for tests that damage single fields.
  static std::string header(const char* magic, const uint32_t (&fields)[13]) {
    std::string h = magic;
    char field[9];
    for (uint32_t f : fields) {
      std::snprintf(field, sizeof field, "%08X", f);
      h += field;
    }
    return h;
  }

 private:
  void append_header(const EntrySpec& e, uint32_t name_size, uint32_t file_size, uint32_t check,
                     bool number = true) {
    uint32_t ino = e.ino ? e.ino : (number ? ++next_ino_ : 0);
    const uint32_t fields[13] = {ino,         e.mode,      e.uid,        e.gid,        e.nlink,
                                 e.mtime,     file_size,   e.dev_major,  e.dev_minor,  e.rdev_major,
                                 e.rdev_minor, name_size,  check};
    bytes_ += header(magic_.c_str(), fields);
  }
  void pad() {
    while (bytes_.size() % 4) bytes_ += '\0';
  }

  std::string magic_;
  std::string bytes_;
  uint32_t next_ino_ = 1000;
};

}  // namespace akuma::fs::testing
