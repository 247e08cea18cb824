// A child's exit sends SIGCHLD to its parent: the SA_SIGINFO handler gets si_code
// CLD_EXITED with the exit code in si_status and the child's pid, or CLD_KILLED with the
// signal for a child killed by SIGKILL. A handler that reaps with waitpid(-1, WNOHANG) in a
// loop collects every child even when several SIGCHLDs merge into one. (Seed: "Notifies
// the deceased process's parent".)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs, reaped, statuses[8];
static siginfo_t last;
static volatile int reap_in_handler;

static void on_chld(int sig, siginfo_t *info, void *ctx) {
  (void)sig;
  (void)ctx;
  runs++;
  memcpy(&last, info, sizeof last);
  if (!reap_in_handler) return;
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
    if (reaped < 8) statuses[reaped++] = WEXITSTATUS(status);
}

static const char *code_name(int code) {
  switch (code) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    default: return "other";
  }
}

int main(void) {
  start();
  on_siginfo(SIGCHLD, on_chld, SA_RESTART);
  block_signal(SIGCHLD);
  sigset_t empty;
  sigemptyset(&empty);

  pid_t child = fork_or_die();
  if (child == 0) _exit(42);
  while (runs == 0) sigsuspend(&empty);
  printf("exit(42): SIGCHLD si_signo %d, si_code %s, si_status %d, si_pid is the child: %s\n", last.si_signo,
         code_name(last.si_code), last.si_status, yes_no(last.si_pid == child));
  printf("  reaped: %s\n", status_text(wait_for(child)));

  runs = 0;
  gate up;
  gate_open(&up);
  child = fork_or_die();
  if (child == 0) {
    gate_signal(&up);
    for (;;) pause();
  }
  gate_wait(&up);
  kill(child, SIGKILL);
  while (runs == 0) sigsuspend(&empty);
  printf("SIGKILL: SIGCHLD si_code %s, si_status %d, si_pid is the child: %s\n", code_name(last.si_code),
         last.si_status, yes_no(last.si_pid == child));
  printf("  reaped: %s\n", status_text(wait_for(child)));

  runs = 0;
  reap_in_handler = 1;
  for (int i = 1; i <= 3; i++) {
    child = fork_or_die();
    if (child == 0) _exit(i);
  }
  while (reaped < 3) sigsuspend(&empty);
  int sum = 0;
  for (int i = 0; i < reaped; i++) sum += statuses[i];
  printf("three children exit 1, 2, 3: the handler reaped %d, their codes add up to %d\n", reaped, sum);
  printf("handler runs at least 1, at most 3: %s\n", yes_no(runs >= 1 && runs <= 3));
  printf("wait4 afterwards: %s\n", result(wait4(-1, NULL, WNOHANG, NULL), errno));
  return 0;
}
