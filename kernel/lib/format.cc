#include "kernel/lib/format.h"

#include <stdint.h>

namespace akuma {
namespace {

struct Spec {
  bool left = false;
  bool zero = false;
  int width = 0;
};

class Emitter {
 public:
  Emitter(FormatSink sink, void* ctx) : sink_(sink), ctx_(ctx) {}
  void put(const char* s, size_t n) {
    if (n) sink_(ctx_, s, n);
    count_ += n;
  }
  void pad(char c, int n) {
    for (int i = 0; i < n; ++i) put(&c, 1);
  }
  // Writes `body` (with an optional sign/prefix) padded to spec.width.
  void field(const Spec& spec, const char* prefix, const char* body, size_t len) {
    size_t plen = 0;
    while (prefix[plen]) ++plen;
    int padding = spec.width - static_cast<int>(plen + len);
    if (padding < 0) padding = 0;
    if (!spec.left && !spec.zero) pad(' ', padding);
    put(prefix, plen);
    if (!spec.left && spec.zero) pad('0', padding);
    put(body, len);
    if (spec.left) pad(' ', padding);
  }
  size_t count() const { return count_; }

 private:
  FormatSink sink_;
  void* ctx_;
  size_t count_ = 0;
};

// Digits of v in `base`, written backwards into the end of buf; returns start.
char* digits(uint64_t v, unsigned base, bool upper, char* end) {
  const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char* p = end;
  do {
    *--p = set[v % base];
    v /= base;
  } while (v);
  return p;
}

}  // namespace

size_t vformat(FormatSink sink, void* ctx, const char* fmt, va_list args) {
  Emitter out(sink, ctx);
  while (*fmt) {
    if (*fmt != '%') {
      const char* run = fmt;
      while (*fmt && *fmt != '%') ++fmt;
      out.put(run, static_cast<size_t>(fmt - run));
      continue;
    }
    const char* conversion_start = fmt++;
    Spec spec;
    for (;; ++fmt) {
      if (*fmt == '-') spec.left = true;
      else if (*fmt == '0') spec.zero = true;
      else break;
    }
    if (*fmt == '*') {
      spec.width = va_arg(args, int);
      if (spec.width < 0) { spec.left = true; spec.width = -spec.width; }
      ++fmt;
    }
    while (*fmt >= '0' && *fmt <= '9') spec.width = spec.width * 10 + (*fmt++ - '0');
    int longs = 0;
    while (*fmt == 'l' || *fmt == 'z') { longs += (*fmt == 'z') ? 2 : 1; ++fmt; }

    char buf[24];
    char* end = buf + sizeof(buf);
    switch (*fmt) {
      case 'd':
      case 'i': {
        int64_t v = longs ? va_arg(args, int64_t) : va_arg(args, int);
        uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        char* p = digits(mag, 10, false, end);
        out.field(spec, v < 0 ? "-" : "", p, static_cast<size_t>(end - p));
        break;
      }
      case 'u':
      case 'x':
      case 'X': {
        uint64_t v = longs ? va_arg(args, uint64_t) : va_arg(args, unsigned);
        char* p = digits(v, *fmt == 'u' ? 10 : 16, *fmt == 'X', end);
        out.field(spec, "", p, static_cast<size_t>(end - p));
        break;
      }
      case 'p': {
        uint64_t v = reinterpret_cast<uintptr_t>(va_arg(args, void*));
        char* p = digits(v, 16, false, end);
        while (end - p < 16) *--p = '0';
        out.field(spec, "0x", p, static_cast<size_t>(end - p));
        break;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        if (!s) s = "(null)";
        size_t n = 0;
        while (s[n]) ++n;
        spec.zero = false;
        out.field(spec, "", s, n);
        break;
      }
      case 'c': {
        char c = static_cast<char>(va_arg(args, int));
        spec.zero = false;
        out.field(spec, "", &c, 1);
        break;
      }
      case '%':
        out.put("%", 1);
        break;
      default:
        // Unknown or truncated conversion: show it as written.
        if (*fmt == '\0') {
          out.put(conversion_start, static_cast<size_t>(fmt - conversion_start));
          return out.count();
        }
        out.put(conversion_start, static_cast<size_t>(fmt + 1 - conversion_start));
        break;
    }
    ++fmt;
  }
  return out.count();
}

size_t format(FormatSink sink, void* ctx, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  size_t n = vformat(sink, ctx, fmt, args);
  va_end(args);
  return n;
}

namespace {
struct Buffer {
  char* buf;
  size_t size;
  size_t used;
};
void buffer_sink(void* ctx, const char* data, size_t len) {
  auto* b = static_cast<Buffer*>(ctx);
  for (size_t i = 0; i < len; ++i) {
    if (b->used + 1 < b->size) b->buf[b->used] = data[i];
    ++b->used;
  }
}
}  // namespace

size_t vformat_to(char* buf, size_t size, const char* fmt, va_list args) {
  Buffer b{buf, size, 0};
  size_t n = vformat(buffer_sink, &b, fmt, args);
  if (size) buf[b.used < size ? b.used : size - 1] = '\0';
  return n;
}

size_t format_to(char* buf, size_t size, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  size_t n = vformat_to(buf, size, fmt, args);
  va_end(args);
  return n;
}

}  // namespace akuma
