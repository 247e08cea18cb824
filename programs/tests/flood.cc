// Writes far more than a channel holds: with nobody reading, it blocks in
// write() once the channel is full.
#include "programs/runtime/syscalls.h"

extern "C" int main() {
  char line[64];
  for (int i = 0; i < 64; ++i) line[i] = static_cast<char>('a' + i % 26);
  line[63] = '\n';
  for (int i = 0; i < 1024; ++i) user::write(1, line, sizeof(line));
  return 0;
}
