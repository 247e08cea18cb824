#include "net/wire/checksum.h"

namespace akuma::net {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "checksum_add sums little-endian words");

namespace {

// One's-complement addition of 64-bit words: the carry out wraps around
// (2^64 = 1 mod 0xffff, so the 16-bit fold of the total is unchanged).
inline uint64_t add_wrap(uint64_t acc, uint64_t w) {
  uint64_t sum;
  return __builtin_add_overflow(acc, w, &sum) ? sum + 1 : sum;
}

inline uint64_t load_aligned64(const uint8_t* p) {
  uint64_t w;
  __builtin_memcpy(&w, __builtin_assume_aligned(p, 8), 8);
  return w;
}

inline uint16_t fold16(uint64_t acc) {
  acc = (acc & 0xffffffffu) + (acc >> 32);
  acc = (acc & 0xffffffffu) + (acc >> 32);
  acc = (acc & 0xffff) + (acc >> 16);
  acc = (acc & 0xffff) + (acc >> 16);
  acc = (acc & 0xffff) + (acc >> 16);
  return uint16_t(acc);
}

}  // namespace

// Word at a time (a segment is 1460 bytes, and under QEMU's TCG each guest
// instruction costs several host ones): the bytes are summed by *address*
// lane -- a byte at an even address as the low byte of a little-endian
// 16-bit word, at an odd address as the high byte -- so that aligned 64-bit
// loads (all the kernel's -mstrict-align permits) add four such words at
// once. RFC 1071's big-endian sum counts the span's first byte as a high
// byte: the same lanes when the span starts at an odd address, swapped when
// it starts at an even one (1.2.B, byte-order independence).
uint32_t checksum_add(uint32_t sum, ByteSpan bytes) {
  const uint8_t* p = bytes.data;
  size_t n = bytes.size;
  bool odd_start = reinterpret_cast<uintptr_t>(p) & 1;
  uint64_t acc = 0;
  for (; n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0; ++p, --n) {
    acc += uint64_t(*p) << ((reinterpret_cast<uintptr_t>(p) & 1) * 8);
  }
  for (; n >= 32; n -= 32, p += 32) {
    acc = add_wrap(acc, load_aligned64(p));
    acc = add_wrap(acc, load_aligned64(p + 8));
    acc = add_wrap(acc, load_aligned64(p + 16));
    acc = add_wrap(acc, load_aligned64(p + 24));
  }
  for (; n >= 8; n -= 8, p += 8) acc = add_wrap(acc, load_aligned64(p));
  for (; n > 0; ++p, --n) acc += uint64_t(*p) << ((reinterpret_cast<uintptr_t>(p) & 1) * 8);
  uint16_t lanes = fold16(acc);
  uint16_t be = odd_start ? lanes : uint16_t((lanes << 8) | (lanes >> 8));
  uint64_t total = uint64_t(sum) + be;
  return uint32_t((total & 0xffffffffu) + (total >> 32));
}

uint16_t checksum_finish(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return uint16_t(~sum);
}

uint32_t pseudo_header_sum(Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                           uint16_t length) {
  uint64_t acc = (src.value >> 16) + (src.value & 0xffff) + (dst.value >> 16) +
                 (dst.value & 0xffff) + protocol + length;
  while (acc >> 32) acc = (acc & 0xffffffffu) + (acc >> 32);
  return uint32_t(acc);
}

}  // namespace akuma::net
