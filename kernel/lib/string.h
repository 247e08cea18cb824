// NUL-terminated string helpers for freestanding code (no <cstring>).
#pragma once

#include <stddef.h>

namespace akuma {

constexpr size_t string_length(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

constexpr int string_compare(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

constexpr bool string_equal(const char* a, const char* b) { return string_compare(a, b) == 0; }

// Copies at most size-1 bytes and always terminates (when size > 0).
// Returns the length of src, so truncation shows as a result >= size.
constexpr size_t string_copy(char* dst, const char* src, size_t size) {
  size_t n = string_length(src);
  if (size) {
    size_t m = n < size - 1 ? n : size - 1;
    for (size_t i = 0; i < m; ++i) dst[i] = src[i];
    dst[m] = '\0';
  }
  return n;
}

}  // namespace akuma
