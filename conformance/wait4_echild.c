// ECHILD: wait4 for nothing that is the caller's child (no children, itself, its parent, a
// child already reaped, a grandchild), blocking or not. An unknown option is EINVAL.
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  int status;
  printf("no children, wait4(-1): %s\n", result(wait4(-1, &status, 0, NULL), errno));
  printf("no children, wait4(-1, WNOHANG): %s\n", result(wait4(-1, &status, WNOHANG, NULL), errno));
  printf("wait4(own pid): %s\n", result(wait4(getpid(), &status, 0, NULL), errno));
  printf("wait4(parent's pid): %s\n", result(wait4(getppid(), &status, 0, NULL), errno));

  // A child that starts a grandchild and reports its pid, then exits.
  int report[2];
  if (pipe(report) != 0) die("pipe");
  gate hold;
  gate_open(&hold);
  pid_t child = fork_or_die();
  if (child == 0) {
    pid_t grandchild = fork_or_die();
    if (grandchild == 0) {
      close(hold.fds[1]);
      gate_wait(&hold);  // until the test ends
      _exit(0);
    }
    write(report[1], &grandchild, sizeof grandchild);
    _exit(0);
  }
  close(report[1]);
  pid_t grandchild = 0;
  if (read(report[0], &grandchild, sizeof grandchild) != sizeof grandchild) die("read grandchild pid");
  printf("child: %s\n", status_text(wait_for(child)));
  printf("wait4(child) again: %s\n", result(wait4(child, &status, 0, NULL), errno));
  printf("wait4(grandchild): %s\n", result(wait4(grandchild, &status, 0, NULL), errno));
  printf("wait4(-1) with only a grandchild alive: %s\n", result(wait4(-1, &status, 0, NULL), errno));
  printf("wait4(-1) with an unknown option bit: %s\n", result(wait4(-1, &status, 0x00100000, NULL), errno));
  gate_close(&hold);
  return 0;
}
