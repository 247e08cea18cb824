// Signals whose default action is to terminate: a child blocked in read, sent each one,
// ends "killed by signal N" with the core bit unset -- SIGHUP 1, SIGINT 2, SIGKILL 9,
// SIGUSR1 10, SIGUSR2 12, SIGPIPE 13, SIGALRM 14, SIGTERM 15, SIGSTKFLT 16, SIGVTALRM 26,
// SIGPROF 27, SIGIO 29, SIGPWR 30, and the real-time signals SIGRTMIN and SIGRTMAX (64).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

int main(void) {
  start();
  const int sigs[] = {SIGHUP,    SIGINT,    SIGKILL, SIGUSR1, SIGUSR2, SIGPIPE,  SIGALRM, SIGTERM,
                      SIGSTKFLT, SIGVTALRM, SIGPROF, SIGIO,   SIGPWR,  SIGRTMIN, SIGRTMAX};
  int quiet[2];
  if (pipe(quiet) != 0) die("pipe");
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    pid_t child = fork_or_die();
    if (child == 0) {
      char c;
      read(quiet[0], &c, 1);
      _exit(1);
    }
    wait_state(child, 'S');
    kill(child, sigs[i]);
    int status = wait_for(child);
    printf("signal %d (%s): %s, WCOREDUMP: %s\n", sigs[i], sigabbrev_np(sigs[i]) ? sigabbrev_np(sigs[i]) : "RT",
           wait_text(status), yes_no(WIFSIGNALED(status) && WCOREDUMP(status)));
  }
  return 0;
}
