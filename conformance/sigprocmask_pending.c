// Blocked signals stay pending: with SIGUSR1 blocked, two kills run no handler and
// sigpending shows it; unblocking delivers it at once, and only once (standard signals do
// not queue). SIGKILL and SIGSTOP cannot be blocked (sigprocmask ignores them silently).
// sigprocmask returns the previous mask; a bad `how` is EINVAL. Setting SIG_IGN discards a
// pending signal. A fork child inherits the mask but not the pending signals. A blocked
// SIGTERM does not kill until it is unblocked; then it does (killed by signal 15).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs;
static void handler(int sig) {
  (void)sig;
  runs++;
}

int main(void) {
  start();
  on_signal(SIGUSR1, handler, 0);
  block_signal(SIGUSR1);
  kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  printf("blocked SIGUSR1 sent twice: handler runs %d, pending: %s\n", runs, yes_no(is_pending(SIGUSR1)));

  pid_t child = fork_or_die();
  if (child == 0) {
    // Reported through the exit status: bit 0 mask inherited, bit 1 nothing pending.
    _exit((is_blocked(SIGUSR1) ? 1 : 0) | (none_pending() ? 2 : 0));
  }
  int status = wait_for(child);
  printf("fork child: SIGUSR1 still blocked: %s, nothing pending: %s\n", yes_no(WEXITSTATUS(status) & 1),
         yes_no(WEXITSTATUS(status) & 2));

  unblock_signal(SIGUSR1);
  printf("after unblocking: handler runs %d, pending: %s\n", runs, yes_no(is_pending(SIGUSR1)));

  sigset_t all, old, now;
  sigfillset(&all);
  printf("sigprocmask(SIG_BLOCK, all signals): %s\n", result(sigprocmask(SIG_BLOCK, &all, &old), errno));
  sigprocmask(SIG_BLOCK, NULL, &now);
  printf("blocked now: SIGUSR2 %s, SIGKILL %s, SIGSTOP %s\n", yes_no(sigismember(&now, SIGUSR2) == 1),
         yes_no(sigismember(&now, SIGKILL) == 1), yes_no(sigismember(&now, SIGSTOP) == 1));
  sigset_t before;
  printf("sigprocmask(SIG_SETMASK, previous): %s\n", result(sigprocmask(SIG_SETMASK, &old, &before), errno));
  printf("it returned the full mask: SIGUSR2 in it: %s\n", yes_no(sigismember(&before, SIGUSR2) == 1));
  printf("SIGUSR2 blocked after restoring: %s\n", yes_no(is_blocked(SIGUSR2)));
  printf("sigprocmask(how = 99): %s\n", result(sigprocmask(99, &all, NULL), errno));

  on_signal(SIGUSR2, handler, 0);
  block_signal(SIGUSR2);
  kill(getpid(), SIGUSR2);
  printf("SIGUSR2 pending: %s\n", yes_no(is_pending(SIGUSR2)));
  on_signal(SIGUSR2, SIG_IGN, 0);
  printf("after SIG_IGN, SIGUSR2 pending: %s\n", yes_no(is_pending(SIGUSR2)));
  unblock_signal(SIGUSR2);

  gate pended, go;
  gate_open(&pended);
  gate_open(&go);
  child = fork_or_die();
  if (child == 0) {
    block_signal(SIGTERM);
    gate_signal(&pended);  // "SIGTERM is blocked now"
    while (!is_pending(SIGTERM)) sleep_ms(1);
    gate_signal(&pended);  // "it is pending and I am alive"
    gate_wait(&go);
    unblock_signal(SIGTERM);
    _exit(0);  // not reached
  }
  gate_wait(&pended);
  printf("kill(child blocking SIGTERM, SIGTERM): %s\n", result(kill(child, SIGTERM), errno));
  gate_wait(&pended);
  printf("the child saw SIGTERM pending and lived on: yes\n");
  gate_signal(&go);
  printf("child after unblocking: %s\n", status_text(wait_for(child)));
  return 0;
}
