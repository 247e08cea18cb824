// SIGKILL and SIGSTOP cannot be caught or ignored: sigaction with a handler or SIG_IGN for
// them is EINVAL (asking for the current action is fine), as are signal numbers 0 and 65.
// A child that blocked every signal is still stopped by SIGSTOP and killed by SIGKILL.
// kill with signal 65 is EINVAL; kill with signal 0 only checks the pid exists.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static void handler(int sig) { (void)sig; }

static long set_action(int sig, void (*fn)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, NULL);
}

int main(void) {
  start();
  printf("sigaction(SIGKILL, handler): %s\n", result(set_action(SIGKILL, handler), errno));
  printf("sigaction(SIGKILL, SIG_IGN): %s\n", result(set_action(SIGKILL, SIG_IGN), errno));
  printf("sigaction(SIGSTOP, handler): %s\n", result(set_action(SIGSTOP, handler), errno));
  printf("sigaction(SIGSTOP, SIG_IGN): %s\n", result(set_action(SIGSTOP, SIG_IGN), errno));
  struct sigaction old;
  printf("sigaction(SIGKILL, NULL, &old): %s\n", result(sigaction(SIGKILL, NULL, &old), errno));
  printf("  it is SIG_DFL: %s\n", yes_no(old.sa_handler == SIG_DFL));
  // Through the raw system call: glibc might check the numbers itself.
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  printf("rt_sigaction(0, handler): %s\n", result(syscall(SYS_rt_sigaction, 0, &sa, NULL, 8), errno));
  printf("rt_sigaction(65, handler): %s\n", result(syscall(SYS_rt_sigaction, 65, &sa, NULL, 8), errno));
  printf("rt_sigaction(SIGUSR1, handler, sigsetsize 4): %s\n",
         result(syscall(SYS_rt_sigaction, SIGUSR1, &sa, NULL, 4), errno));
  printf("kill(getpid(), 65): %s\n", result(kill(getpid(), 65), errno));
  printf("kill(getpid(), 0): %s\n", result(kill(getpid(), 0), errno));

  gate up;
  gate_open(&up);
  pid_t child = fork_or_die();
  if (child == 0) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    gate_signal(&up);
    for (;;) pause();
  }
  gate_wait(&up);
  int status;
  kill(child, SIGSTOP);
  wait_options(child, &status, WUNTRACED);
  printf("child blocking every signal, SIGSTOP: %s\n", wait_text(status));
  kill(child, SIGKILL);
  printf("  then SIGKILL: %s\n", wait_text(wait_for(child)));
  return 0;
}
