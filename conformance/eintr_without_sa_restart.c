// A read of an empty pipe interrupted by a handled signal whose action lacks SA_RESTART
// returns -1 EINTR once the handler has run: for SIGALRM from the process's own timer
// (setitimer) and for SIGUSR1 from another process. A signal whose action is SIG_IGN does
// not interrupt it: the read goes on and returns the byte written later.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int handled;
static void handler(int sig) {
  (void)sig;
  handled++;
}

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  char c;

  on_signal(SIGALRM, handler, 0);
  struct itimerval it = {{0, 50000}, {0, 50000}};  // repeats, in case one fires before the read
  if (setitimer(ITIMER_REAL, &it, NULL) != 0) die("setitimer");
  long r = read(fds[0], &c, 1);
  int err = errno;
  struct itimerval off = {{0, 0}, {0, 0}};
  if (setitimer(ITIMER_REAL, &off, NULL) != 0) die("setitimer");
  printf("read interrupted by SIGALRM (no SA_RESTART): %s, handler ran: %s\n", result(r, err), yes_no(handled >= 1));

  handled = 0;
  on_signal(SIGUSR1, handler, 0);
  pid_t parent = getpid();
  pid_t child = fork_or_die();
  if (child == 0) {
    wait_state(parent, 'S');
    kill(parent, SIGUSR1);
    _exit(0);
  }
  r = read(fds[0], &c, 1);
  err = errno;
  printf("read interrupted by SIGUSR1 from a child (no SA_RESTART): %s, handler ran: %s\n", result(r, err),
         yes_no(handled == 1));
  printf("child: %s\n", status_text(wait_for(child)));

  on_signal(SIGUSR1, SIG_IGN, 0);
  child = fork_or_die();
  if (child == 0) {
    wait_state(parent, 'S');
    kill(parent, SIGUSR1);  // ignored: nothing happens
    wait_state(parent, 'S');
    write(fds[1], "x", 1);
    _exit(0);
  }
  r = read(fds[0], &c, 1);
  printf("read during an ignored SIGUSR1: %s\n", result(r, errno));
  printf("child: %s\n", status_text(wait_for(child)));
  return 0;
}
