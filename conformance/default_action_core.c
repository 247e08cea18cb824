// Signals whose default action is to dump core terminate the process; with the
// RLIMIT_CORE Linux gives the init and its children (soft limit 0) no core is written and
// WCOREDUMP is false: SIGQUIT 3, SIGILL 4, SIGTRAP 5, SIGABRT 6, SIGBUS 7, SIGFPE 8,
// SIGSEGV 11, SIGXCPU 24, SIGXFSZ 25, SIGSYS 31 sent by kill to a child blocked in read,
// and abort() in a child (SIGABRT 6).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

int main(void) {
  start();
  struct rlimit rl;
  printf("getrlimit(RLIMIT_CORE): %s, soft limit 0: %s\n", result(getrlimit(RLIMIT_CORE, &rl), errno),
         yes_no(rl.rlim_cur == 0));
  const int sigs[] = {SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS};
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
    printf("signal %d (%s): %s, WCOREDUMP: %s\n", sigs[i], sigabbrev_np(sigs[i]), wait_text(status),
           yes_no(WIFSIGNALED(status) && WCOREDUMP(status)));
  }
  pid_t child = fork_or_die();
  if (child == 0) abort();
  int status = wait_for(child);
  printf("abort(): %s, WCOREDUMP: %s\n", wait_text(status), yes_no(WIFSIGNALED(status) && WCOREDUMP(status)));
  return 0;
}
