// setitimer(ITIMER_REAL): an interval timer (first expiry after 500 ms, then every 30 ms)
// fires again and again (five SIGALRMs counted with sigsuspend); getitimer shows the
// interval as set and a remaining time no larger than the first expiry; setitimer returns
// the previous setting, and a zero it_value disarms it: no more SIGALRM, getitimer all
// zero. A one-shot timer fires once. alarm and ITIMER_REAL are the same timer. A tv_usec of
// 1000000 or more is EINVAL. (Not printed: the remaining time of an interval timer whose
// signal is blocked and pending -- Linux re-arms ITIMER_REAL only when the SIGALRM is
// taken, so getitimer then says 0.)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs;
static void handler(int sig) {
  (void)sig;
  runs++;
}

static long long us(struct timeval tv) { return tv.tv_sec * 1000000LL + tv.tv_usec; }

int main(void) {
  start();
  on_signal(SIGALRM, handler, 0);
  block_signal(SIGALRM);
  sigset_t empty;
  sigemptyset(&empty);

  struct itimerval every = {{0, 30000}, {0, 500000}}, old, now;
  printf("setitimer(500 ms, then every 30 ms): %s\n", result(setitimer(ITIMER_REAL, &every, &old), errno));
  printf("previous setting all zero: %s\n", yes_no(us(old.it_value) == 0 && us(old.it_interval) == 0));
  getitimer(ITIMER_REAL, &now);
  printf("getitimer: interval 30000 us: %s, 0 < remaining <= 500000 us: %s\n", yes_no(us(now.it_interval) == 30000),
         yes_no(us(now.it_value) > 0 && us(now.it_value) <= 500000));
  while (runs < 5) sigsuspend(&empty);
  printf("SIGALRMs counted: %d\n", runs);
  getitimer(ITIMER_REAL, &now);
  printf("getitimer after five: interval still 30000 us: %s\n", yes_no(us(now.it_interval) == 30000));

  struct itimerval off = {{0, 0}, {0, 0}};
  printf("setitimer(zero): %s\n", result(setitimer(ITIMER_REAL, &off, &old), errno));
  printf("it returned the interval 30000 us: %s\n", yes_no(us(old.it_interval) == 30000));
  getitimer(ITIMER_REAL, &now);
  printf("getitimer after disarming: all zero: %s\n", yes_no(us(now.it_value) == 0 && us(now.it_interval) == 0));
  sigset_t pending;
  sigpending(&pending);
  if (sigismember(&pending, SIGALRM)) {  // one that fired before the disarm: take it
    sigsuspend(&empty);
  }
  runs = 0;
  sleep_ms(150);
  printf("SIGALRM after disarming: pending %s\n", yes_no(is_pending(SIGALRM)));

  struct itimerval once = {{0, 0}, {0, 20000}};
  setitimer(ITIMER_REAL, &once, NULL);
  while (runs < 1) sigsuspend(&empty);
  sleep_ms(100);
  getitimer(ITIMER_REAL, &now);
  printf("one-shot: fired %d, pending again: %s, disarmed: %s\n", runs, yes_no(is_pending(SIGALRM)),
         yes_no(us(now.it_value) == 0));

  alarm(7);
  getitimer(ITIMER_REAL, &now);
  printf("after alarm(7): getitimer shows 6 s < remaining <= 7 s: %s\n",
         yes_no(us(now.it_value) > 6000000 && us(now.it_value) <= 7000000));
  printf("alarm(0) returns: %u\n", alarm(0));

  struct itimerval bad = {{0, 0}, {0, 1000000}};
  printf("setitimer(tv_usec 1000000): %s\n", result(setitimer(ITIMER_REAL, &bad, NULL), errno));
  return 0;
}
