// fds are inherited across fork and shared: the child's writes to an inherited pipe (and to
// its stdout, dup2'ed onto it) reach the parent; closing an fd in the child leaves the
// parent's open; the child's fds close when it exits, so the reader then sees EOF.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(fds[0]);
    write(fds[1], "direct ", 7);
    if (dup2(fds[1], STDOUT_FILENO) != STDOUT_FILENO) _exit(2);
    close(fds[1]);
    printf("via stdout\n");
    fflush(stdout);
    _exit(0);
  }
  close(fds[1]);
  char buf[64];
  size_t got = 0;
  ssize_t n;
  while (got < sizeof buf - 1 && (n = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0) got += n;
  buf[got] = '\0';
  printf("parent read: \"%.*s\"\n", (int)strcspn(buf, "\n"), buf);
  printf("then EOF (the child exited, no writer left): %s\n", result(read(fds[0], buf, 1), errno));
  printf("child: %s\n", status_text(wait_for(pid)));

  // Closing an inherited fd in the child does not close the parent's.
  if (pipe(fds) != 0) die("pipe");
  pid = fork_or_die();
  if (pid == 0) {
    close(fds[0]);
    close(fds[1]);
    _exit(0);
  }
  wait_for(pid);
  char c = 'z';
  printf("parent's copy still works after the child closed its own: %s\n",
         yes_no(write(fds[1], &c, 1) == 1 && read(fds[0], &c, 1) == 1 && c == 'z'));
  return 0;
}
