// Byte spans and big-endian readers/writers for packet parsing and emission.
//
// Every header parser reads through a Reader: reads past the end do not touch
// memory, they set a sticky failure flag that the parser checks once at the
// end. That keeps the bounds checks in one place instead of in every parser.
//
// Error convention of every parse_* function in net/wire:
//   kMalformed        truncated, impossible lengths, nonsense field values
//   kInvalidArgument  well-formed but the checksum does not match
//   kNotSupported     well-formed but a variant we do not handle
// and every emit_* returns kRange when the output buffer is too small.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::net {

inline void bytes_copy(uint8_t* dst, const uint8_t* src, size_t n) {
  if (n != 0) __builtin_memmove(dst, src, n);
}
inline void bytes_fill(uint8_t* dst, uint8_t value, size_t n) {
  if (n != 0) __builtin_memset(dst, value, n);
}
inline bool bytes_equal(const uint8_t* a, const uint8_t* b, size_t n) {
  return n == 0 || __builtin_memcmp(a, b, n) == 0;
}

// A read-only view of bytes owned by someone else.
struct ByteSpan {
  const uint8_t* data = nullptr;
  size_t size = 0;

  // The bytes [offset, offset+len) clamped to this span, so it never reaches
  // outside the original buffer even with nonsense arguments.
  ByteSpan sub(size_t offset, size_t len) const {
    if (offset > size) offset = size;
    if (len > size - offset) len = size - offset;
    return ByteSpan{data + offset, len};
  }
  ByteSpan sub(size_t offset) const { return sub(offset, size); }
};

// A writable view of bytes owned by someone else.
struct MutByteSpan {
  uint8_t* data = nullptr;
  size_t size = 0;
  MutByteSpan sub(size_t offset) const {
    if (offset > size) offset = size;
    return MutByteSpan{data + offset, size - offset};
  }
  operator ByteSpan() const { return ByteSpan{data, size}; }
};

inline uint16_t load_be16(const uint8_t* p) { return uint16_t((p[0] << 8) | p[1]); }
inline uint32_t load_be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}
inline void store_be16(uint8_t* p, uint16_t v) {
  p[0] = uint8_t(v >> 8);
  p[1] = uint8_t(v);
}
inline void store_be32(uint8_t* p, uint32_t v) {
  p[0] = uint8_t(v >> 24);
  p[1] = uint8_t(v >> 16);
  p[2] = uint8_t(v >> 8);
  p[3] = uint8_t(v);
}

// Sequential big-endian reader with a sticky failure flag.
class Reader {
 public:
  explicit Reader(ByteSpan span) : span_(span) {}

  bool ok() const { return ok_; }
  size_t position() const { return pos_; }
  size_t remaining() const { return ok_ ? span_.size - pos_ : 0; }

  uint8_t u8() {
    const uint8_t* p = take(1);
    return p ? p[0] : 0;
  }
  uint16_t be16() {
    const uint8_t* p = take(2);
    return p ? load_be16(p) : 0;
  }
  uint32_t be32() {
    const uint8_t* p = take(4);
    return p ? load_be32(p) : 0;
  }
  // Copies n bytes out; on failure the destination is zeroed.
  void bytes(uint8_t* out, size_t n) {
    const uint8_t* p = take(n);
    if (p) {
      bytes_copy(out, p, n);
    } else {
      bytes_fill(out, 0, n);
    }
  }
  ByteSpan span(size_t n) {
    const uint8_t* p = take(n);
    return p ? ByteSpan{p, n} : ByteSpan{};
  }
  void skip(size_t n) { take(n); }

 private:
  const uint8_t* take(size_t n) {
    if (!ok_ || n > span_.size - pos_) {
      ok_ = false;
      return nullptr;
    }
    const uint8_t* p = span_.data + pos_;
    pos_ += n;
    return p;
  }

  ByteSpan span_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// Sequential big-endian writer with a sticky overflow flag.
class Writer {
 public:
  explicit Writer(MutByteSpan span) : span_(span) {}

  bool ok() const { return ok_; }
  size_t position() const { return pos_; }
  uint8_t* data() const { return span_.data; }

  void u8(uint8_t v) {
    if (uint8_t* p = take(1)) p[0] = v;
  }
  void be16(uint16_t v) {
    if (uint8_t* p = take(2)) store_be16(p, v);
  }
  void be32(uint32_t v) {
    if (uint8_t* p = take(4)) store_be32(p, v);
  }
  void bytes(const uint8_t* src, size_t n) {
    if (uint8_t* p = take(n)) bytes_copy(p, src, n);
  }
  void zeros(size_t n) {
    if (uint8_t* p = take(n)) bytes_fill(p, 0, n);
  }

 private:
  uint8_t* take(size_t n) {
    if (!ok_ || n > span_.size - pos_) {
      ok_ = false;
      return nullptr;
    }
    uint8_t* p = span_.data + pos_;
    pos_ += n;
    return p;
  }

  MutByteSpan span_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace akuma::net
