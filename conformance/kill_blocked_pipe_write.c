// SIGKILL ends a child blocked writing to a full pipe; what it wrote before stays readable.
#include <fcntl.h>

#include "conformance/kill_blocked.h"

// Fills the pipe without blocking (O_NONBLOCK until EAGAIN), before the gate.
static void fill(void *arg) {
  int fd = *(int *)arg;
  char buf[4096] = {0};
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  while (write(fd, buf, sizeof buf) > 0 || write(fd, buf, 1) > 0) {
  }
  fcntl(fd, F_SETFL, flags);
}

static long write_more(void *arg) {
  char c = 0;
  return write(*(int *)arg, &c, 1);  // the pipe is full: blocks
}

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  kill_while_blocked("blocked in write to a full pipe", fill, write_more, &fds[1], 'S');
  close(fds[1]);
  char buf[4096];
  long total = 0, n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) total += n;
  printf("what the child wrote is still readable: %s, then EOF: %s\n", yes_no(total > 0), result(n, errno));
  return 0;
}
