// kill from a program: kills its own sleeping child, reaps it with 137, and
// gets ESRCH for a pid that does not exist.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "programs/tests/spawn.h"

int main(void) {
  char* argv[] = {"sleeper", NULL};
  pid_t child = spawn("/bin/sleeper", argv, -1);
  struct timespec ts = {0, 20000000};
  nanosleep(&ts, NULL);
  int k = kill(child, SIGKILL);
  int status = 0;
  pid_t w = waitpid(child, &status, 0);
  printf("killer: kill(child) -> %d, wait4 -> %s, exit code %d\n", k, w == child ? "child" : "?",
         WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
  int r = kill(99999, SIGKILL);
  printf("killer: kill(99999) -> %d (%s)\n", r, r ? strerror(errno) : "ok");
  return 0;
}
