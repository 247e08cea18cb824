// Reader for "newc" cpio archives, the format of a Linux initramfs (magic
// "070701", or "070702" with a checksum of each regular file's data).
//
// An entry is a 110-byte header of ASCII fields (the magic, then thirteen
// 8-digit hex numbers), the NUL-terminated name, zero padding to a multiple of
// 4 bytes (counted from the start of the archive), the data, and zero padding
// to a multiple of 4 again. The entry named "TRAILER!!!" ends the archive;
// whatever follows it is not read.
//
// The reader is strict: a bad magic, a non-hex digit, a name without its NUL
// (or with an early one), non-zero padding, an unknown file type, a size that
// runs past the end of the buffer, a checksum that does not match, and a buffer
// that ends before the trailer are all kMalformed. It never reads outside the
// buffer it was given and allocates nothing.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::fs {

// The file type bits of a mode (st_mode and the archive's mode field).
constexpr uint32_t kModeTypeMask = 0170000;
constexpr uint32_t kModeSocket = 0140000;
constexpr uint32_t kModeSymlink = 0120000;
constexpr uint32_t kModeRegular = 0100000;
constexpr uint32_t kModeBlockDevice = 0060000;
constexpr uint32_t kModeDirectory = 0040000;
constexpr uint32_t kModeCharDevice = 0020000;
constexpr uint32_t kModeFifo = 0010000;
// Permission bits with set-user-ID, set-group-ID and sticky.
constexpr uint32_t kModePermissionMask = 07777;

struct CpioEntry {
  const char* name;         // inside the archive; name[name_length] == '\0'
  size_t name_length;       // at least 1
  uint32_t ino;
  uint32_t mode;            // one of the kMode* types | permission bits
  uint32_t uid;
  uint32_t gid;
  uint32_t nlink;
  uint32_t mtime;           // seconds since the epoch
  uint32_t dev_major;       // the device that held the file (hard links
  uint32_t dev_minor;       //   are recognised by dev and ino)
  uint32_t rdev_major;      // the device a device node stands for
  uint32_t rdev_minor;
  const uint8_t* data;      // inside the archive
  uint32_t data_size;       // the header's filesize field
};

class CpioReader {
 public:
  static constexpr size_t kHeaderSize = 110;

  // `archive` must stay valid while entries are in use: they point into it.
  CpioReader(const uint8_t* archive, size_t size) : archive_(archive), size_(size) {}

  // Reads the next entry into *entry and returns true, or returns false once
  // the trailer has been read (and on every later call). kMalformed for a
  // damaged archive, after which every call returns kMalformed.
  Result<bool> next(CpioEntry* entry);

  // Offset of the next header, or of the header that failed to parse.
  size_t offset() const { return offset_; }

 private:
  enum class State { kReading, kAtTrailer, kFailed };
  Result<bool> read_entry(CpioEntry* entry);

  const uint8_t* archive_;
  size_t size_;
  size_t offset_ = 0;
  State state_ = State::kReading;
};

}  // namespace akuma::fs
