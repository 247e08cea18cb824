// Killing a zombie succeeds and changes nothing: the status a later wait4 reports is still
// the exit code. A zombie exists for kill(pid, 0) until it is reaped; then ESRCH.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  gate done;
  gate_open(&done);
  pid_t pid = fork_or_die();
  if (pid == 0) _exit(5);  // its end of the gate closes as it exits
  close(done.fds[1]);
  gate_wait(&done);  // EOF: the child is exiting
  wait_state(pid, 'Z');
  printf("kill(zombie, SIGKILL): %s\n", result(kill(pid, SIGKILL), errno));
  printf("kill(zombie, SIGTERM): %s\n", result(kill(pid, SIGTERM), errno));
  printf("kill(zombie, 0): %s\n", result(kill(pid, 0), errno));
  printf("zombie reaped: %s\n", status_text(wait_for(pid)));
  printf("kill(reaped pid, 0): %s\n", result(kill(pid, 0), errno));
  return 0;
}
