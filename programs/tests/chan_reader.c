// Reads a silent child's output through a pipe: blocked in read until killed.
#include <stdio.h>

#include "programs/tests/spawn.h"

int main(void) {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  char* argv[] = {"sleeper", NULL};
  spawn("/bin/sleeper", argv, fds[1]);
  close(fds[1]);
  char buf[32];
  ssize_t r = read(fds[0], buf, sizeof(buf));
  printf("chan_reader: read returned %zd\n", r);
  return 0;
}
