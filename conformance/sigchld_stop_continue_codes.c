// SIGCHLD also reports a child's stop and continue: si_code CLD_STOPPED with si_status
// SIGSTOP, then CLD_CONTINUED with si_status SIGCONT, then CLD_KILLED with SIGKILL, each
// with the child's pid. With SA_NOCLDSTOP the parent gets no SIGCHLD for the stop and the
// continue, only for the end (CLD_EXITED).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs;
static siginfo_t infos[8];

static void on_chld(int sig, siginfo_t *info, void *ctx) {
  (void)sig;
  (void)ctx;
  if (runs < 8) memcpy(&infos[runs], info, sizeof *info);
  runs++;
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

static void wait_runs(int n) {
  sigset_t empty;
  sigemptyset(&empty);
  while (runs < n) sigsuspend(&empty);
}

static void show(int i, pid_t child) {
  printf("  SIGCHLD %d: si_code %s, si_status %d, si_pid is the child: %s\n", i + 1, code_name(infos[i].si_code),
         infos[i].si_status, yes_no(infos[i].si_pid == child));
}

static pid_t pausing_child(void) {
  gate up;
  gate_open(&up);
  pid_t child = fork_or_die();
  if (child == 0) {
    gate_signal(&up);
    for (;;) pause();
  }
  gate_wait(&up);
  gate_close(&up);
  return child;
}

int main(void) {
  start();
  block_signal(SIGCHLD);
  on_siginfo(SIGCHLD, on_chld, SA_RESTART);

  printf("stop, continue, kill:\n");
  pid_t child = pausing_child();
  int status;
  kill(child, SIGSTOP);
  wait_runs(1);
  show(0, child);
  wait_options(child, &status, WUNTRACED);
  kill(child, SIGCONT);
  wait_runs(2);
  show(1, child);
  kill(child, SIGKILL);
  wait_runs(3);
  show(2, child);
  printf("  reaped: %s\n", status_text(wait_for(child)));

  printf("SA_NOCLDSTOP: stop, continue, exit:\n");
  runs = 0;
  on_siginfo(SIGCHLD, on_chld, SA_RESTART | SA_NOCLDSTOP);
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  gate up;
  gate_open(&up);
  child = fork_or_die();
  if (child == 0) {
    gate_signal(&up);
    char c;
    _exit(read(fds[0], &c, 1) == 1 ? 3 : 4);
  }
  gate_wait(&up);
  kill(child, SIGSTOP);
  wait_options(child, &status, WUNTRACED);
  printf("  stopped: %s\n", wait_text(status));
  kill(child, SIGCONT);
  wait_options(child, &status, WCONTINUED);
  printf("  continued: %s\n", wait_text(status));
  write(fds[1], "x", 1);
  wait_runs(1);
  show(0, child);
  printf("  SIGCHLDs in all: %d\n", runs);
  printf("  reaped: %s\n", status_text(wait_for(child)));
  return 0;
}
