#include "shell/parser.h"

namespace akuma::shell {

void parse(const char* line, size_t len, Command& out) {
  out.argc = 0;
  out.background = false;
  out.too_many_args = false;
  if (len > Command::kMaxChars) len = Command::kMaxChars;
  size_t w = 0;
  size_t i = 0;
  while (i < len) {
    while (i < len && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == len) break;
    if (out.argc == Command::kMaxArgs) {
      out.too_many_args = true;
      break;
    }
    out.argv[out.argc++] = &out.storage[w];
    while (i < len && line[i] != ' ' && line[i] != '\t') out.storage[w++] = line[i++];
    out.storage[w++] = '\0';
  }
  // A final "&" word, or a last word ending in '&', makes a background job.
  if (out.argc > 0) {
    char* last = const_cast<char*>(out.argv[out.argc - 1]);
    size_t n = 0;
    while (last[n]) ++n;
    if (last[n - 1] == '&') {
      out.background = true;
      if (n == 1) {
        --out.argc;
      } else {
        last[n - 1] = '\0';
      }
    }
  }
  out.argv[out.argc] = nullptr;
}

bool parse_number(const char* text, unsigned long max, unsigned long& out) {
  if (!text || !*text) return false;
  unsigned long v = 0;
  for (const char* p = text; *p; ++p) {
    if (*p < '0' || *p > '9') return false;
    unsigned long digit = static_cast<unsigned long>(*p - '0');
    if (v > (max - digit) / 10) return false;
    v = v * 10 + digit;
  }
  out = v;
  return true;
}

}  // namespace akuma::shell
