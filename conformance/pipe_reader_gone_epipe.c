// With SIGPIPE ignored, a write to a pipe without readers fails with EPIPE (and the writer
// carries on), whether the reader was gone before or goes while the writer is blocked.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) die("signal");
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  close(fds[0]);
  printf("write, reader gone: %s\n", result(write(fds[1], "x", 1), errno));
  close(fds[1]);

  if (pipe(fds) != 0) die("pipe");
  gate full;
  gate_open(&full);
  int report[2];
  if (pipe(report) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(fds[0]);
    char buf[4096] = {0};
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    while (write(fds[1], buf, sizeof buf) > 0 || write(fds[1], buf, 1) > 0) {
    }
    fcntl(fds[1], F_SETFL, 0);
    gate_signal(&full);
    long r = write(fds[1], buf, 1);  // blocks until the reader closes
    int err = errno;
    write(report[1], &r, sizeof r);
    write(report[1], &err, sizeof err);
    _exit(0);
  }
  close(fds[1]);
  gate_wait(&full);
  wait_state(pid, 'S');
  close(fds[0]);
  long r = 0;
  int err = 0;
  read(report[0], &r, sizeof r);
  read(report[0], &err, sizeof err);
  printf("child's blocked write when the reader closed: %s\n", result(r, err));
  printf("child (SIGPIPE inherited as ignored): %s\n", status_text(wait_for(pid)));
  return 0;
}
