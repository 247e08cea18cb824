// sigsuspend replaces the mask while it waits: with SIGUSR1 blocked, sigsuspend(empty set)
// returns -1 EINTR once a SIGUSR1 from another process has run its handler, and the old
// mask (SIGUSR1 blocked) is back afterwards. A signal already pending ends sigsuspend at
// once. pause returns -1 EINTR after a handler ran. A signal still blocked by the mask
// sigsuspend installs does not end it.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs, last_sig;
static void handler(int sig) {
  runs++;
  last_sig = sig;
}

// A child that sends `first`, then `second` (if not 0) to the parent once it sleeps.
static pid_t sender(int first, int second) {
  pid_t parent = getpid();
  pid_t child = fork_or_die();
  if (child == 0) {
    wait_state(parent, 'S');
    kill(parent, first);
    if (second) {
      sleep_ms(50);  // the parent goes on sleeping: `first` is blocked
      wait_state(parent, 'S');
      kill(parent, second);
    }
    _exit(0);
  }
  return child;
}

int main(void) {
  start();
  on_signal(SIGUSR1, handler, 0);
  on_signal(SIGUSR2, handler, 0);
  block_signal(SIGUSR1);

  pid_t child = sender(SIGUSR1, 0);
  sigset_t empty;
  sigemptyset(&empty);
  long r = sigsuspend(&empty);
  int err = errno;
  printf("sigsuspend(empty): %s, handler ran: %s\n", result(r, err), yes_no(runs == 1));
  printf("SIGUSR1 blocked again afterwards: %s\n", yes_no(is_blocked(SIGUSR1)));
  wait_for(child);

  runs = 0;
  kill(getpid(), SIGUSR1);
  printf("SIGUSR1 pending before sigsuspend: %s, handler runs: %d\n", yes_no(is_pending(SIGUSR1)), runs);
  r = sigsuspend(&empty);
  err = errno;
  printf("sigsuspend with it pending: %s, handler ran: %s\n", result(r, err), yes_no(runs == 1));

  // The mask given to sigsuspend blocks SIGUSR1: only SIGUSR2 ends it.
  runs = 0;
  sigset_t only_usr1;
  sigemptyset(&only_usr1);
  sigaddset(&only_usr1, SIGUSR1);
  child = sender(SIGUSR1, SIGUSR2);
  r = sigsuspend(&only_usr1);
  err = errno;
  printf("sigsuspend(SIGUSR1 blocked), sent SIGUSR1 then SIGUSR2: %s, ended by SIGUSR2: %s, SIGUSR1 pending: %s\n",
         result(r, err), yes_no(runs == 1 && last_sig == SIGUSR2), yes_no(is_pending(SIGUSR1)));
  wait_for(child);
  unblock_signal(SIGUSR1);
  printf("unblocked: SIGUSR1 handled: %s\n", yes_no(runs == 2 && last_sig == SIGUSR1));

  runs = 0;
  child = sender(SIGUSR2, 0);
  r = pause();
  err = errno;
  printf("pause: %s, handler ran: %s\n", result(r, err), yes_no(runs == 1));
  wait_for(child);
  return 0;
}
