// Echoes stdin to stdout in chunks until end of input.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main() {
  char buf[64];
  for (;;) {
    long n = user::read(0, buf, sizeof(buf) - 1);
    if (n <= 0) return n == 0 ? 0 : 1;
    buf[n] = '\0';
    user::printf("stdin_echo: %s", buf);
  }
}
