// With SIGCHLD set to SIG_IGN, children are not left as zombies: wait4 waits until they
// are gone and then fails with ECHILD, and their /proc entries are gone. SA_NOCLDWAIT with a
// handler does the same, and the handler still runs. Back to SIG_DFL, a child is a zombie
// again and wait4 returns its status.
// (Seed: "The wait4 call works by searching a process's descendant processes for ones that
// have entered the ZOMBIE state": here there are none to find.)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs;
static void handler(int sig) {
  (void)sig;
  runs++;
}

static void check_gone(const char *how) {
  pid_t child = fork_or_die();
  if (child == 0) _exit(7);
  int status = 0;
  long r = wait4(-1, &status, 0, NULL);  // blocks until the child is no longer ours
  printf("%s: wait4(-1): %s\n", how, result(r, errno));
  // On Linux the pid may outlive that by a moment (its release finishes on the CPU the
  // child exited on): a zombie would stay, so give it up to 2 s to go.
  int k = kill(child, 0);
  for (int i = 0; i < 2000 && k == 0; i++) {
    sleep_ms(1);
    k = kill(child, 0);
  }
  printf("%s: kill(child, 0) afterwards: %s\n", how, result(k, errno));
}

int main(void) {
  start();
  on_signal(SIGCHLD, SIG_IGN, 0);
  check_gone("SIG_IGN");

  on_signal(SIGCHLD, handler, SA_NOCLDWAIT);
  check_gone("SA_NOCLDWAIT");
  printf("SA_NOCLDWAIT: handler ran: %s\n", yes_no(runs == 1));

  on_signal(SIGCHLD, SIG_DFL, 0);
  pid_t child = fork_or_die();
  if (child == 0) _exit(7);
  wait_state(child, 'Z');
  printf("SIG_DFL: kill(zombie, 0): %s\n", result(kill(child, 0), errno));
  int status;
  long r = wait4(-1, &status, 0, NULL);
  printf("SIG_DFL: wait4(-1) returned the child: %s, %s\n", yes_no(r == child), status_text(status));
  return 0;
}
