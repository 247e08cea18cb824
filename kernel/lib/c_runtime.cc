// The C library functions the compiler may call on its own (struct copies,
// zero initialisation, builtins it could not inline). Nothing from libc links
// into the kernel or the user programs, so both link this one copy.
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/word_copy.h"

#if AKUMA_KASAN
#include "kernel/debug/kasan.h"
// Under KASAN (--config=kasan) the bulk functions check their whole ranges once and copy
// unchecked; memcmp and strlen stay instrumented, checking exactly the bytes they read.
#define BULK __attribute__((no_sanitize("kernel-address")))
#define CHECK_READ(p, n) ::akuma::kasan::check_read(p, n)
#define CHECK_WRITE(p, n) ::akuma::kasan::check_write(p, n)
#else
#define BULK
#define CHECK_READ(p, n)
#define CHECK_WRITE(p, n)
#endif

extern "C" {

// Aligned word copies for every alignment (word_copy.h): the kernel is built
// with -mstrict-align, so nothing here reads or writes unaligned words.
BULK void* memcpy(void* dst, const void* src, size_t n) {
  CHECK_READ(src, n);
  CHECK_WRITE(dst, n);
  akuma::lib::word_copy(static_cast<uint8_t*>(dst), static_cast<const uint8_t*>(src), n);
  return dst;
}

BULK void* memmove(void* dst, const void* src, size_t n) {
  CHECK_READ(src, n);
  CHECK_WRITE(dst, n);
  auto* d = static_cast<uint8_t*>(dst);
  auto* s = static_cast<const uint8_t*>(src);
  if (d <= s || d >= s + n) return memcpy(dst, src, n);  // no overlap that forward copying would spoil
  while (n--) d[n] = s[n];
  return dst;
}

BULK void* memset(void* dst, int c, size_t n) {
  CHECK_WRITE(dst, n);
  auto* d = static_cast<uint8_t*>(dst);
  uint8_t byte = static_cast<uint8_t>(c);
  while (n && (reinterpret_cast<uintptr_t>(d) & 7)) *d++ = byte, --n;
  uint64_t word = byte * 0x0101010101010101ull;
  auto* dw = reinterpret_cast<uint64_t*>(d);
  for (; n >= 8; n -= 8) *dw++ = word;
  d = reinterpret_cast<uint8_t*>(dw);
  while (n--) *d++ = byte;
  return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const uint8_t*>(a);
  auto* y = static_cast<const uint8_t*>(b);
  for (; n; --n, ++x, ++y) {
    if (*x != *y) return *x - *y;
  }
  return 0;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

}  // extern "C"
