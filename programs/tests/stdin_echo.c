// Echoes each chunk read from stdin with a prefix until end of input (0) or
// an error (1).
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char buf[64];
  for (;;) {
    ssize_t n = read(0, buf, sizeof(buf) - 1);
    if (n <= 0) return n == 0 ? 0 : 1;
    buf[n] = '\0';
    printf("stdin_echo: %s", buf);
    fflush(stdout);
  }
}
