// kill's errors: ESRCH for a pid nobody has (a reaped child's, one past any pid, INT_MIN),
// EINVAL for a signal number that does not exist; signal 0 only checks.
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  pid_t pid = fork_or_die();
  if (pid == 0) _exit(0);
  wait_for(pid);
  printf("kill(reaped child, SIGKILL): %s\n", result(kill(pid, SIGKILL), errno));
  printf("kill(reaped child, 0): %s\n", result(kill(pid, 0), errno));
  printf("kill(INT_MAX, SIGKILL): %s\n", result(kill(INT_MAX, SIGKILL), errno));
  printf("kill(-INT_MAX, SIGKILL) (no such group): %s\n", result(kill(-INT_MAX, SIGKILL), errno));
  printf("kill(INT_MIN, 0): %s\n", result(kill(INT_MIN, 0), errno));
  printf("kill(self, 0): %s\n", result(kill(getpid(), 0), errno));
  printf("kill(self, 65): %s\n", result(kill(getpid(), 65), errno));
  printf("kill(self, -1): %s\n", result(kill(getpid(), -1), errno));
  printf("kill(INT_MAX, 65): %s\n", result(kill(INT_MAX, 65), errno));
  return 0;
}
