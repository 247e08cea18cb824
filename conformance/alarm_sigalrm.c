// alarm: alarm(1) delivers SIGALRM about a second later (pause returns EINTR after the
// handler ran); alarm returns the seconds left of the previous alarm (alarm(5) then
// alarm(0) returns 5, alarm(3) then alarm(10) returns 3) and alarm(0) cancels: no SIGALRM
// afterwards, getitimer shows nothing armed. A fork child does not inherit its parent's
// alarm (it outlives it, exit status 0), and with SIGALRM's default action an alarm kills
// the process that set it (killed by signal 14).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs;
static void handler(int sig) {
  (void)sig;
  runs++;
}

int main(void) {
  start();
  // A child that sets its own alarm and dies of it (SIGALRM's default action).
  pid_t dies = fork_or_die();
  if (dies == 0) {
    alarm(1);
    for (;;) pause();
  }

  on_signal(SIGALRM, handler, 0);
  printf("alarm(1): %u\n", alarm(1));
  // A child forked with the parent's alarm armed: it sleeps past the parent's alarm.
  pid_t outlives = fork_or_die();
  if (outlives == 0) {
    unsigned left = alarm(0);  // what it inherited: nothing
    sleep_ms(1500);
    _exit(left == 0 ? 0 : 1);
  }
  long r = pause();
  int err = errno;
  printf("pause: %s, handler ran: %s\n", result(r, err), yes_no(runs == 1));
  printf("alarm(0) after it fired: %u\n", alarm(0));
  printf("child that set alarm(1) and paused: %s\n", status_text(wait_for(dies)));
  printf("child forked with the parent's alarm armed: %s\n", status_text(wait_for(outlives)));

  printf("alarm(5): %u\n", alarm(5));
  printf("alarm(0): %u\n", alarm(0));
  printf("alarm(3): %u\n", alarm(3));
  printf("alarm(10): %u\n", alarm(10));
  printf("alarm(0): %u\n", alarm(0));
  struct itimerval now;
  getitimer(ITIMER_REAL, &now);
  printf("getitimer after alarm(0): nothing armed: %s\n",
         yes_no(now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0 && now.it_interval.tv_sec == 0 &&
                now.it_interval.tv_usec == 0));
  runs = 0;
  unsigned first = alarm(1);
  unsigned left = alarm(0);
  printf("alarm(1): %u, then at once alarm(0): %u\n", first, left);
  sleep_ms(1200);
  printf("no SIGALRM after the cancelled alarm: %s\n", yes_no(runs == 0 && !is_pending(SIGALRM)));
  return 0;
}
