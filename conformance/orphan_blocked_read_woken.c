// An orphan blocked reading its stdin (a pipe whose only writer is its parent) is woken
// when the parent exits: read returns 0 (EOF), it does not hang.
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  int report[2];
  if (pipe(report) != 0) die("pipe");
  pid_t parent = fork_or_die();
  if (parent == 0) {
    int input[2];
    if (pipe(input) != 0) _exit(2);
    gate ready;
    gate_open(&ready);
    pid_t reader = fork_or_die();
    if (reader == 0) {
      dup2(input[0], STDIN_FILENO);
      close(input[0]);
      close(input[1]);
      gate_signal(&ready);
      char c;
      long r = read(STDIN_FILENO, &c, 1);  // blocks until the writer (the parent) is gone
      int err = errno;
      write(report[1], &r, sizeof r);
      write(report[1], &err, sizeof err);
      _exit(0);
    }
    gate_wait(&ready);
    wait_state(reader, 'S');
    _exit(0);  // the only write end goes with it
  }
  close(report[1]);
  printf("parent: %s\n", status_text(wait_for(parent)));
  long r = -2;
  int err = 0;
  if (read(report[0], &r, sizeof r) != sizeof r || read(report[0], &err, sizeof err) != sizeof err)
    die("read report");
  printf("orphan's blocked read of stdin when its parent exited: %s\n", result(r, err));
  char c;
  printf("orphan exited (its end of the report pipe closed): %s\n", yes_no(read(report[0], &c, 1) == 0));
  return 0;
}
