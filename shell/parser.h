// Splits a command line into words. Pure logic, host tested.
//
// Words are separated by spaces or tabs; a trailing '&' (alone or glued to the
// last word) marks a background job. No quoting yet.
#pragma once

#include <stddef.h>

namespace akuma::shell {

struct Command {
  static constexpr size_t kMaxArgs = 16;
  static constexpr size_t kMaxChars = 4096;
  const char* argv[kMaxArgs + 1];  // argv[argc] == nullptr
  size_t argc = 0;
  bool background = false;
  bool too_many_args = false;
  char storage[kMaxChars + 1];
};

// Fills `out` from `line` (which need not be NUL-terminated).
void parse(const char* line, size_t len, Command& out);

// Parses a decimal number that must fill `text` entirely; false for empty
// text, signs, other characters or overflow past `max`.
bool parse_number(const char* text, unsigned long max, unsigned long& out);

}  // namespace akuma::shell
