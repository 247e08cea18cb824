// A handler installed with sigaction runs and returns to where the program was: kill of
// the caller's own process delivers the signal before kill returns, the handler gets the
// signal number, the signal (and sa_mask) are blocked while it runs and the mask is back
// afterwards; locals and the code after the interruption are intact. SA_NODEFER leaves the
// signal unblocked in the handler; SA_RESETHAND restores SIG_DFL after one delivery;
// sigaction reports the previous action.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs, got_sig, usr1_blocked_inside, usr2_blocked_inside;

static void handler(int sig) {
  runs++;
  got_sig = sig;
  usr1_blocked_inside = is_blocked(SIGUSR1);
  usr2_blocked_inside = is_blocked(SIGUSR2);
}

static void install(int flags, int with_usr2_in_mask) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  if (with_usr2_in_mask) sigaddset(&sa.sa_mask, SIGUSR2);
  if (sigaction(SIGUSR1, &sa, NULL) != 0) die("sigaction");
}

int main(void) {
  start();
  struct sigaction old;
  if (sigaction(SIGUSR1, NULL, &old) != 0) die("sigaction");
  printf("SIGUSR1's action at start is SIG_DFL: %s\n", yes_no(old.sa_handler == SIG_DFL));

  install(0, 1);
  volatile long local = 0x1234567;
  printf("kill(getpid(), SIGUSR1): %s\n", result(kill(getpid(), SIGUSR1), errno));
  printf("handler ran once before kill returned: %s\n", yes_no(runs == 1));
  printf("handler's argument: %d\n", got_sig);
  printf("SIGUSR1 blocked while the handler ran: %s\n", yes_no(usr1_blocked_inside));
  printf("SIGUSR2 (sa_mask) blocked while the handler ran: %s\n", yes_no(usr2_blocked_inside));
  printf("SIGUSR1 blocked after it returned: %s\n", yes_no(is_blocked(SIGUSR1)));
  printf("SIGUSR2 blocked after it returned: %s\n", yes_no(is_blocked(SIGUSR2)));
  printf("a local survived the handler: %s\n", yes_no(local == 0x1234567));
  const char *r = result(raise(SIGUSR1), errno);
  printf("raise(SIGUSR1): %s, handler runs: %d\n", r, runs);

  install(SA_NODEFER, 0);
  runs = 0;
  kill(getpid(), SIGUSR1);
  printf("SA_NODEFER: handler ran: %s, SIGUSR1 blocked inside: %s\n", yes_no(runs == 1), yes_no(usr1_blocked_inside));

  install(SA_RESETHAND, 0);
  runs = 0;
  kill(getpid(), SIGUSR1);
  if (sigaction(SIGUSR1, NULL, &old) != 0) die("sigaction");
  printf("SA_RESETHAND: handler ran: %s, action now SIG_DFL: %s\n", yes_no(runs == 1),
         yes_no(old.sa_handler == SIG_DFL));

  install(SA_RESTART, 1);
  struct sigaction replaced;
  struct sigaction ign;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  if (sigaction(SIGUSR1, &ign, &replaced) != 0) die("sigaction");
  printf("sigaction returns the previous action: handler %s, SA_RESTART %s, SIGUSR2 in sa_mask %s\n",
         yes_no(replaced.sa_handler == handler), yes_no(replaced.sa_flags & SA_RESTART),
         yes_no(sigismember(&replaced.sa_mask, SIGUSR2) == 1));
  runs = 0;
  r = result(kill(getpid(), SIGUSR1), errno);
  printf("SIG_IGN: kill(getpid(), SIGUSR1): %s, handler runs: %d, pending: %s\n", r, runs, yes_no(is_pending(SIGUSR1)));
  return 0;
}
