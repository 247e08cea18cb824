// wait4(-1) and wait4(0) reap any child (0: any in the caller's process group), each
// exactly once, and report which one; with no child left: ECHILD.
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

enum { kChildren = 4 };

int main(void) {
  start();
  gate release;
  gate_open(&release);
  pid_t pids[kChildren];
  for (int i = 0; i < kChildren; i++) {
    pids[i] = fork_or_die();
    if (pids[i] == 0) {
      close(release.fds[1]);
      gate_wait(&release);
      _exit(20 + i);
    }
  }
  gate_close(&release);
  int seen[kChildren] = {0};
  int matched = 1;
  for (int k = 0; k < kChildren; k++) {
    int status;
    pid_t got = wait4(k % 2 ? 0 : -1, &status, 0, NULL);
    int i = 0;
    while (i < kChildren && pids[i] != got) i++;
    if (i == kChildren) {
      printf("wait4 returned a pid that is not a child: %s\n", result(got, errno));
      return 1;
    }
    seen[i]++;
    matched &= WIFEXITED(status) && WEXITSTATUS(status) == 20 + i;
  }
  printf("four waits (-1, 0, -1, 0) reaped each child once: %s\n",
         yes_no(seen[0] == 1 && seen[1] == 1 && seen[2] == 1 && seen[3] == 1));
  printf("each status is its child's exit code: %s\n", yes_no(matched));
  printf("wait4(-1) with no child left: %s\n", result(wait4(-1, NULL, 0, NULL), errno));
  printf("wait4(0) with no child left: %s\n", result(wait4(0, NULL, 0, NULL), errno));
  return 0;
}
