// A pipe's reader sees what the writer wrote and then EOF when the writer (the last
// process holding the write end) is killed while blocked elsewhere.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(fds[0]);
    write(fds[1], "abc", 3);
    struct timespec ts = {3600, 0};
    nanosleep(&ts, NULL);
    _exit(1);
  }
  close(fds[1]);
  char buf[8];
  ssize_t n = read(fds[0], buf, sizeof buf);
  printf("read before the kill: %s bytes \"%.*s\"\n", result(n, errno), n > 0 ? (int)n : 0, buf);
  wait_state(pid, 'S');
  printf("kill(writer, SIGKILL): %s\n", result(kill(pid, SIGKILL), errno));
  printf("read after the kill: %s (EOF)\n", result(read(fds[0], buf, sizeof buf), errno));
  printf("writer: %s\n", status_text(wait_for(pid)));
  return 0;
}
