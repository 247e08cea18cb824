// A second kill of a child already killed (dying or a zombie) succeeds and changes nothing;
// after the reap, kill is ESRCH.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  gate ready;
  gate_open(&ready);
  pid_t pid = fork_or_die();
  if (pid == 0) {
    gate_signal(&ready);
    struct timespec ts = {3600, 0};
    nanosleep(&ts, NULL);
    _exit(1);
  }
  gate_wait(&ready);
  wait_state(pid, 'S');
  printf("first kill(child, SIGKILL): %s\n", result(kill(pid, SIGKILL), errno));
  printf("second kill(child, SIGKILL): %s\n", result(kill(pid, SIGKILL), errno));
  printf("then kill(child, SIGTERM): %s\n", result(kill(pid, SIGTERM), errno));
  printf("child: %s\n", status_text(wait_for(pid)));
  printf("kill after the reap: %s\n", result(kill(pid, SIGKILL), errno));
  return 0;
}
