// Exit cancels a process's pending timers: children that exit (or are killed, or end by
// exit_group from a thread) with an alarm or an interval timer armed never have it fire --
// the parent, whose own timer runs across all this, gets exactly its own single SIGALRM and
// no stray one; a child that became a zombie with an armed timer is reaped with the status
// it exited with. (Seed: "Canceling any pending timers".)
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs;
static void handler(int sig) {
  (void)sig;
  runs++;
}

static void *spin(void *arg) {
  (void)arg;
  for (;;) {
  }
  return NULL;
}

static long long us(struct timeval tv) { return tv.tv_sec * 1000000LL + tv.tv_usec; }

int main(void) {
  start();
  on_signal(SIGALRM, handler, 0);
  block_signal(SIGALRM);

  // 1: exits at once with a 100 ms one-shot timer armed; reaped only after it was due.
  pid_t one = fork_or_die();
  if (one == 0) {
    struct itimerval it = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, NULL);
    _exit(21);
  }
  // 2: a 10 ms interval timer, a spinning thread, exit_group from another thread.
  pid_t two = fork_or_die();
  if (two == 0) {
    unblock_signal(SIGALRM);
    struct itimerval it = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &it, NULL);
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
    while (runs < 3) {
    }
    syscall(SYS_exit_group, 22);
  }
  // 3: alarm(1) armed, then killed by SIGKILL.
  gate up;
  gate_open(&up);
  pid_t three = fork_or_die();
  if (three == 0) {
    alarm(1);
    gate_signal(&up);
    for (;;) pause();
  }
  gate_wait(&up);
  kill(three, SIGKILL);

  // The parent's own timer: due after every child's.
  struct itimerval mine = {{0, 0}, {1, 300000}};
  setitimer(ITIMER_REAL, &mine, NULL);

  wait_state(one, 'Z');
  sleep_ms(200);  // its timer was due 100 ms after it started
  printf("child 1 (exited at once, 100 ms timer armed), reaped late: %s\n", status_text(wait_for(one)));
  printf("child 2 (10 ms interval timer, a spinning thread, exit_group): %s\n", status_text(wait_for(two)));
  printf("child 3 (alarm(1) armed, SIGKILL): %s\n", status_text(wait_for(three)));

  sigset_t empty;
  sigemptyset(&empty);
  while (runs < 1) sigsuspend(&empty);  // the parent's own timer, after the children's were due
  printf("the parent's own SIGALRM arrived: %s\n", yes_no(runs == 1));
  struct itimerval now;
  getitimer(ITIMER_REAL, &now);
  printf("the parent's timer is disarmed after firing: %s\n", yes_no(us(now.it_value) == 0));
  sleep_ms(200);
  printf("no other SIGALRM came: %s\n", yes_no(runs == 1 && !is_pending(SIGALRM)));
  return 0;
}
