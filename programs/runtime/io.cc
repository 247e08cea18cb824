#include "programs/runtime/io.h"

#include <stdarg.h>

#include "kernel/lib/format.h"
#include "programs/runtime/syscalls.h"

extern "C" size_t strlen(const char* s);

namespace user {

int printf(const char* fmt, ...) {
  char buf[512];
  va_list args;
  va_start(args, fmt);
  size_t n = akuma::vformat_to(buf, sizeof(buf), fmt, args);
  va_end(args);
  if (n >= sizeof(buf)) n = sizeof(buf) - 1;
  write(1, buf, n);
  return static_cast<int>(n);
}

long puts(const char* s) {
  long r = write(1, s, strlen(s));
  write(1, "\n", 1);
  return r;
}

int atoi(const char* s) {
  int sign = 1, v = 0;
  if (*s == '-') {
    sign = -1;
    ++s;
  }
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return sign * v;
}

bool streq(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

}  // namespace user
