// Formatted output for user programs, through kernel/lib/format (the same
// formatter the kernel console uses).
#pragma once

#include <stddef.h>

namespace user {

// Formats into a buffer and writes it to stdout with one write(), so a line
// reaches its reader whole.
int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
long puts(const char* s);  // writes s and a newline
int atoi(const char* s);
bool streq(const char* a, const char* b);

}  // namespace user
