// SIGKILL ends a child blocked in ppoll (no timeout) on an empty pipe.

#include <poll.h>

#include "conformance/kill_blocked.h"

static long poll_pipe(void *arg) {
  struct pollfd p = {.fd = *(int *)arg, .events = POLLIN};
  return ppoll(&p, 1, NULL, NULL);
}

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  kill_while_blocked("blocked in ppoll", NULL, poll_pipe, &fds[0], 'S');
  return 0;
}
