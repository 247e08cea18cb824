// printf-style formatting into a sink, shared by the kernel console and the
// user runtime, and unit tested on the host.
//
// Supported: %d %i %u %x %X %p %s %c %%, with flags '-' and '0', a width
// (number or '*'), and length modifiers l / ll / z. %p prints 0x + 16 digits.
// An unknown conversion prints itself, so a typo shows up in the output.
#pragma once

#include <stdarg.h>
#include <stddef.h>

namespace akuma {

// Receives formatted bytes; `ctx` is the caller's.
using FormatSink = void (*)(void* ctx, const char* data, size_t len);

// Returns the number of bytes produced.
size_t vformat(FormatSink sink, void* ctx, const char* fmt, va_list args);
size_t format(FormatSink sink, void* ctx, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

// snprintf: always NUL-terminates when size > 0; returns the length the full
// output would have had.
size_t vformat_to(char* buf, size_t size, const char* fmt, va_list args);
size_t format_to(char* buf, size_t size, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

}  // namespace akuma
