// kill racing the victim's own _exit, 200 times: kill always succeeds (the child exists
// until reaped) and the status is one of the two outcomes, never anything else.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

enum { kRounds = 200 };

int main(void) {
  start();
  int kill_ok = 0, exited = 0, killed = 0, other = 0;
  for (int i = 0; i < kRounds; i++) {
    pid_t pid = fork_or_die();
    if (pid == 0) _exit(7);
    if (kill(pid, SIGKILL) == 0) kill_ok++;
    int status = wait_for(pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 7) exited++;
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) killed++;
    else other++;
  }
  printf("rounds: %d\n", kRounds);
  printf("kill returned 0 every time: %s\n", yes_no(kill_ok == kRounds));
  printf("every status is exit 7 or killed by 9: %s\n", yes_no(exited + killed == kRounds && other == 0));
  printf("no child left: %s\n", result(wait4(-1, NULL, WNOHANG, NULL), errno));
  return 0;
}
