#include "kernel/fs/cpio.h"

namespace akuma::fs {
namespace {

constexpr size_t kMagicSize = 6;
constexpr size_t kFieldSize = 8;
constexpr size_t kFieldCount = 13;

// Field order in the header, after the magic.
enum Field {
  kIno, kMode, kUid, kGid, kNlink, kMtime, kFileSize,
  kDevMajor, kDevMinor, kRdevMajor, kRdevMinor, kNameSize, kCheck,
};

constexpr char kTrailerName[] = "TRAILER!!!";

bool bytes_equal(const void* a, const void* b, size_t n) { return __builtin_memcmp(a, b, n) == 0; }

int hex_value(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Exactly eight hex digits, either case (gen_init_cpio writes upper case, GNU
// cpio lower case).
bool parse_field(const uint8_t* text, uint32_t* out) {
  uint32_t value = 0;
  for (size_t i = 0; i < kFieldSize; ++i) {
    int digit = hex_value(text[i]);
    if (digit < 0) return false;
    value = value << 4 | static_cast<uint32_t>(digit);
  }
  *out = value;
  return true;
}

size_t padding_after(size_t offset) { return (4 - (offset & 3)) & 3; }

bool all_zero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

bool has_no_nul(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == '\0') return false;
  }
  return true;
}

bool known_type(uint32_t mode) {
  switch (mode & kModeTypeMask) {
    case kModeSocket:
    case kModeSymlink:
    case kModeRegular:
    case kModeBlockDevice:
    case kModeDirectory:
    case kModeCharDevice:
    case kModeFifo:
      return true;
  }
  return false;
}

// The 070702 checksum: the sum of the data bytes, modulo 2^32.
uint32_t data_checksum(const uint8_t* data, size_t size) {
  uint32_t sum = 0;
  for (size_t i = 0; i < size; ++i) sum += data[i];
  return sum;
}

}  // namespace

Result<bool> CpioReader::next(CpioEntry* entry) {
  if (state_ == State::kAtTrailer) return false;
  if (state_ == State::kFailed) return Error::kMalformed;
  Result<bool> r = read_entry(entry);
  if (!r.ok()) state_ = State::kFailed;
  else if (!r.value()) state_ = State::kAtTrailer;
  return r;
}

// Every offset below is checked against size_ before the bytes it covers are
// read; offset_ <= size_ always holds, so `size_ - x` never wraps for an x
// that was checked to be <= size_.
Result<bool> CpioReader::read_entry(CpioEntry* entry) {
  if (size_ - offset_ < kHeaderSize) return Error::kMalformed;
  const uint8_t* header = archive_ + offset_;
  bool checksummed;
  if (bytes_equal(header, "070701", kMagicSize)) checksummed = false;
  else if (bytes_equal(header, "070702", kMagicSize)) checksummed = true;
  else return Error::kMalformed;

  uint32_t fields[kFieldCount];
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (!parse_field(header + kMagicSize + i * kFieldSize, &fields[i])) return Error::kMalformed;
  }

  // The name: at least one character, its NUL last and nowhere before.
  size_t name_start = offset_ + kHeaderSize;
  uint32_t name_size = fields[kNameSize];
  if (name_size < 2 || name_size > size_ - name_start) return Error::kMalformed;
  const char* name = reinterpret_cast<const char*>(archive_ + name_start);
  if (name[name_size - 1] != '\0' || !has_no_nul(name, name_size - 1)) return Error::kMalformed;

  size_t name_end = name_start + name_size;
  size_t name_padding = padding_after(name_end);
  if (name_padding > size_ - name_end || !all_zero(archive_ + name_end, name_padding)) {
    return Error::kMalformed;
  }

  size_t data_start = name_end + name_padding;
  uint32_t data_size = fields[kFileSize];
  if (data_size > size_ - data_start) return Error::kMalformed;
  size_t data_end = data_start + data_size;
  size_t data_padding = padding_after(data_end);
  if (data_padding > size_ - data_end || !all_zero(archive_ + data_end, data_padding)) {
    return Error::kMalformed;
  }

  bool trailer = name_size == sizeof(kTrailerName) && bytes_equal(name, kTrailerName, name_size);
  // The trailer's other fields carry nothing (writers leave its mode 0).
  if (!trailer) {
    uint32_t mode = fields[kMode];
    if (!known_type(mode) || (mode & ~(kModeTypeMask | kModePermissionMask)) != 0) return Error::kMalformed;
    if (checksummed && (mode & kModeTypeMask) == kModeRegular &&
        data_checksum(archive_ + data_start, data_size) != fields[kCheck]) {
      return Error::kMalformed;
    }
  }

  entry->name = name;
  entry->name_length = name_size - 1;
  entry->ino = fields[kIno];
  entry->mode = fields[kMode];
  entry->uid = fields[kUid];
  entry->gid = fields[kGid];
  entry->nlink = fields[kNlink];
  entry->mtime = fields[kMtime];
  entry->dev_major = fields[kDevMajor];
  entry->dev_minor = fields[kDevMinor];
  entry->rdev_major = fields[kRdevMajor];
  entry->rdev_minor = fields[kRdevMinor];
  entry->data = archive_ + data_start;
  entry->data_size = data_size;
  offset_ = data_end + data_padding;
  return !trailer;
}

}  // namespace akuma::fs
