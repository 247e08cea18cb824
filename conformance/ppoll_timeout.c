// ppoll's timeout: zero polls, a finite one expires (no sooner than asked) with 0, NULL
// waits until an fd is ready (here: a write by another process); an invalid timespec is
// EINVAL.

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "conformance/testlib.h"

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  struct pollfd p = {.fd = fds[0], .events = POLLIN};
  struct timespec zero = {0, 0}, fifty_ms = {0, 50 * 1000000L}, bad = {0, 2000000000L};
  printf("timeout 0, nothing ready: %s\n", result(ppoll(&p, 1, &zero, NULL), errno));
  long long before = now_ms();
  printf("timeout 50 ms, nothing ready: %s\n", result(ppoll(&p, 1, &fifty_ms, NULL), errno));
  printf("waited at least 50 ms: %s\n", yes_no(now_ms() - before >= 50));
  printf("invalid timeout (tv_nsec 2e9): %s\n", result(ppoll(&p, 1, &bad, NULL), errno));
  pid_t pid = fork_or_die();
  if (pid == 0) {
    sleep_ms(100);
    write(fds[1], "x", 1);
    _exit(0);
  }
  int n = ppoll(&p, 1, NULL, NULL);
  printf("no timeout, woken by the child's write: %d (%s)\n", n, poll_events(p.revents));
  printf("timeout 0, data ready: %s\n", result(ppoll(&p, 1, &zero, NULL), errno));
  printf("nfds 0, timeout 0: %s\n", result(ppoll(NULL, 0, &zero, NULL), errno));
  wait_for(pid);
  return 0;
}
