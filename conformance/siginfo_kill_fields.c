// An SA_SIGINFO handler gets a siginfo whose stable fields say who sent what: for kill,
// si_signo is the signal, si_code SI_USER, si_pid the sender (ourselves, or a child that
// sent it) and si_uid the sender's uid; for raise (tgkill) si_code is SI_TKILL; the
// third argument (the ucontext) is not NULL.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs;
static siginfo_t last;
static volatile int had_context;

static void handler(int sig, siginfo_t *info, void *ctx) {
  (void)sig;
  runs++;
  memcpy(&last, info, sizeof last);
  had_context = ctx != NULL;
}

static const char *code_name(int code) {
  switch (code) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_KERNEL: return "SI_KERNEL";
    default: return "other";
  }
}

static void show(const char *what, pid_t sender) {
  printf("%s: runs %d, si_signo %d, si_code %s, si_pid is the sender: %s, si_uid is getuid(): %s, ucontext: %s\n", what,
         runs, last.si_signo, code_name(last.si_code), yes_no(last.si_pid == sender), yes_no(last.si_uid == getuid()),
         yes_no(had_context));
  runs = 0;
  memset(&last, 0, sizeof last);
}

int main(void) {
  start();
  on_siginfo(SIGUSR1, handler, 0);
  on_siginfo(SIGUSR2, handler, 0);

  kill(getpid(), SIGUSR1);
  show("kill(self, SIGUSR1)", getpid());
  raise(SIGUSR2);
  show("raise(SIGUSR2)", getpid());

  block_signal(SIGUSR1);
  pid_t child = fork_or_die();
  if (child == 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  printf("child: %s\n", status_text(wait_for(child)));
  printf("SIGUSR1 pending from the child: %s\n", yes_no(is_pending(SIGUSR1)));
  unblock_signal(SIGUSR1);
  show("kill(parent, SIGUSR1) from a child", child);
  return 0;
}
