// Relays a child's output: the ticker's lines through a pipe, each printed
// as it comes, then the child's exit.
#include <stdio.h>
#include <sys/wait.h>

#include "programs/tests/spawn.h"

int main(void) {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  char* argv[] = {"ticker", "3", "20", NULL};
  pid_t child = spawn("/bin/ticker", argv, fds[1]);
  close(fds[1]);
  char buf[64];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof(buf) - 1);
    if (n <= 0) break;
    buf[n] = '\0';
    printf("relay: got %s", buf);
    fflush(stdout);
  }
  int status = 0;
  pid_t pid = waitpid(child, &status, 0);
  printf("relay: wait4 -> %s, exit code %d\n", pid == child ? "the ticker" : "?", WEXITSTATUS(status));
  return 0;
}
