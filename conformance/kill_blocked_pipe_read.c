// SIGKILL ends a child blocked reading an empty pipe (whose writer stays open).
#include "conformance/kill_blocked.h"

static long read_pipe(void *arg) {
  char c;
  return read(*(int *)arg, &c, 1);
}

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  kill_while_blocked("blocked in read of an empty pipe", NULL, read_pipe, &fds[0], 'S');
  char c = 'x';
  printf("the pipe still works for the parent: %s\n",
         yes_no(write(fds[1], &c, 1) == 1 && read(fds[0], &c, 1) == 1 && c == 'x'));
  return 0;
}
