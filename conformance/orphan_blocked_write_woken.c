// An orphan blocked writing to a full pipe is woken when the pipe's last reader goes away
// with its parent's exit: the write fails (SIGPIPE ends it), it does not hang. The test,
// its grandparent, sees the orphan's end of a report pipe close.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  int report[2];
  if (pipe(report) != 0) die("pipe");
  pid_t parent = fork_or_die();
  if (parent == 0) {
    int fds[2];
    if (pipe(fds) != 0) _exit(2);
    gate full;
    gate_open(&full);
    pid_t writer = fork_or_die();
    if (writer == 0) {
      close(fds[0]);
      char buf[4096] = {0};
      fcntl(fds[1], F_SETFL, O_NONBLOCK);
      while (write(fds[1], buf, sizeof buf) > 0 || write(fds[1], buf, 1) > 0) {
      }
      fcntl(fds[1], F_SETFL, 0);
      write(report[1], "full\n", 5);
      gate_signal(&full);
      write(fds[1], buf, 1);  // blocks until the reader (the parent) is gone
      write(report[1], "BUG: write returned\n", 20);
      _exit(1);
    }
    gate_wait(&full);
    wait_state(writer, 'S');
    _exit(0);  // the reader end goes with it; the writer is an orphan
  }
  close(report[1]);
  printf("parent: %s\n", status_text(wait_for(parent)));
  char buf[64];
  size_t got = 0;
  ssize_t n;
  while ((n = read(report[0], buf + got, sizeof buf - 1 - got)) > 0) got += n;  // until the orphan is gone
  buf[got] = '\0';
  printf("orphan reported: %s", buf);
  printf("orphan's end of the report pipe closed (it did not hang): yes\n");
  return 0;
}
