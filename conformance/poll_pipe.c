// poll on the two ends of a pipe: what each end reports as data comes and goes and as the
// other end closes (revents printed by name), timeouts, a blocking poll woken by a write
// from another process, and an fd that is not open (POLLNVAL) or negative (ignored).
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conformance/testlib.h"

static void show(const char *when, int rd, int wr) {
  struct pollfd p[2] = {{.fd = rd, .events = POLLIN | POLLOUT}, {.fd = wr, .events = POLLIN | POLLOUT}};
  int n = poll(p, 2, 0);
  printf("%s: poll -> %d, read end (%s), write end (%s)\n", when, n, poll_events(p[0].revents), poll_events(p[1].revents));
}

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  show("empty", fds[0], fds[1]);
  write(fds[1], "ab", 2);
  show("2 bytes in it", fds[0], fds[1]);
  close(fds[1]);
  show("writer closed, data left", fds[0], -1);
  char buf[4];
  read(fds[0], buf, sizeof buf);
  show("writer closed, drained", fds[0], -1);
  close(fds[0]);

  if (pipe(fds) != 0) die("pipe");
  close(fds[0]);
  show("reader closed", -1, fds[1]);
  close(fds[1]);

  if (pipe(fds) != 0) die("pipe");
  struct pollfd p = {.fd = fds[0], .events = POLLIN};
  printf("empty, 50 ms timeout: poll -> %d\n", poll(&p, 1, 50));
  pid_t pid = fork_or_die();
  if (pid == 0) {
    sleep_ms(100);
    write(fds[1], "x", 1);
    _exit(0);
  }
  int n = poll(&p, 1, -1);
  printf("blocking poll woken by the child's write: poll -> %d (%s)\n", n, poll_events(p.revents));
  wait_for(pid);

  struct pollfd odd[2] = {{.fd = 1000, .events = POLLIN}, {.fd = -1, .events = POLLIN}};
  odd[1].revents = 0x7;
  n = poll(odd, 2, 0);
  printf("fd 1000 (not open) and fd -1: poll -> %d, (%s), (%s)\n", n, poll_events(odd[0].revents), poll_events(odd[1].revents));
  return 0;
}
