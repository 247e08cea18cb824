// Forward copy in aligned 64-bit words for any alignment of source and
// destination -- memcpy's engine (c_runtime.cc), host tested here.
//
// The kernel is built with -mstrict-align: no access may be unaligned. A copy
// between buffers whose addresses differ mod 8 therefore cannot move plain
// words; byte by byte it costs about 5 instructions a byte, which under QEMU's
// TCG made every received TCP segment (payload at offset 66 of its virtio
// buffer) a 1460-byte byte loop. Here the destination is aligned first and
// each destination word is merged from the two aligned source words it
// straddles (shifts), so every access is an aligned word and no byte outside
// [src, src + n) is ever read, nor outside [dst, dst + n) written.
//
// Little-endian only (AArch64 as configured, x86 hosts).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::lib {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "word_copy assumes little-endian words");

inline uint64_t load_word(const uint8_t* p) {  // p is 8-aligned
  uint64_t w;
  __builtin_memcpy(&w, __builtin_assume_aligned(p, 8), 8);
  return w;
}
inline void store_word(uint8_t* p, uint64_t w) {  // p is 8-aligned
  __builtin_memcpy(__builtin_assume_aligned(p, 8), &w, 8);
}

// Copies n bytes from s to d, lowest address first (so also a correct
// memmove when d < s).
inline void word_copy(uint8_t* d, const uint8_t* s, size_t n) {
  if (n >= 16) {
    while (reinterpret_cast<uintptr_t>(d) & 7) *d++ = *s++, --n;
    unsigned shift = reinterpret_cast<uintptr_t>(s) & 7;
    if (shift == 0) {
      for (; n >= 32; n -= 32, d += 32, s += 32) {
        uint64_t a = load_word(s), b = load_word(s + 8), c = load_word(s + 16), e = load_word(s + 24);
        store_word(d, a), store_word(d + 8, b), store_word(d + 16, c), store_word(d + 24, e);
      }
      for (; n >= 8; n -= 8, d += 8, s += 8) store_word(d, load_word(s));
    } else if (n >= 16) {
      // `low` holds the aligned word at s - shift, of which only the bytes
      // from s on are ever used: they are gathered one by one (the bytes
      // below s are not ours to read).
      unsigned right = shift * 8, left = 64 - right;
      uint64_t low = 0;
      for (unsigned i = shift; i < 8; ++i) low |= uint64_t(s[i - shift]) << (8 * i);
      const uint8_t* aligned = s - shift + 8;
      // The next aligned word lies within the source while 16 bytes remain.
      for (; n >= 16; n -= 8, d += 8, s += 8, aligned += 8) {
        uint64_t high = load_word(aligned);
        store_word(d, (low >> right) | (high << left));
        low = high;
      }
    }
  }
  while (n--) *d++ = *s++;
}

}  // namespace akuma::lib
