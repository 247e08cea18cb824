// Writing to a pipe whose reader is gone raises SIGPIPE, whose default action ends the
// writer: the parent sees WTERMSIG == 13. Also when the writer was blocked on a full
// pipe when the last reader went away.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  close(fds[0]);
  pid_t pid = fork_or_die();
  if (pid == 0) {
    long r = write(fds[1], "x", 1);
    printf("BUG: write returned %s\n", result(r, errno));
    _exit(1);
  }
  printf("writer, reader long gone: %s\n", status_text(wait_for(pid)));
  close(fds[1]);

  // The reader (the parent) goes away while the writer is blocked on a full pipe.
  if (pipe(fds) != 0) die("pipe");
  gate full;
  gate_open(&full);
  pid = fork_or_die();
  if (pid == 0) {
    close(fds[0]);
    char buf[4096] = {0};
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    while (write(fds[1], buf, sizeof buf) > 0 || write(fds[1], buf, 1) > 0) {
    }
    fcntl(fds[1], F_SETFL, 0);
    gate_signal(&full);
    long r = write(fds[1], buf, 1);  // blocks: the pipe is full
    printf("BUG: write returned %s\n", result(r, errno));
    _exit(1);
  }
  close(fds[1]);
  gate_wait(&full);
  wait_state(pid, 'S');
  close(fds[0]);
  printf("writer blocked on a full pipe when its reader closed: %s\n", status_text(wait_for(pid)));
  return 0;
}
