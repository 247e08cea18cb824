// Writes 4096 lines of 64 bytes (256 KiB, four times a pipe's capacity) to
// stdout as fast as it can.
#include <unistd.h>

int main(void) {
  char line[64];
  for (int i = 0; i < 64; ++i) line[i] = (char)('a' + i % 26);
  line[63] = '\n';
  for (int i = 0; i < 4096; ++i) {
    if (write(1, line, sizeof(line)) != (ssize_t)sizeof(line)) return 1;
  }
  return 0;
}
