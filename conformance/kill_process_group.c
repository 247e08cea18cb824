// kill(-pgid, sig) signals every process of the group and nobody else: three children in
// one group (not the test's) die of SIGTERM, a fourth child in the test's own group lives
// on, the test itself is untouched. kill(0, sig) signals the caller's own group, caller
// included: a group leader and its two children all run their SIGUSR1 handler, the test
// (another group) does not. kill(-pgid, 0) of a group with no members is ESRCH.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int got_usr1;
static void on_usr1(int sig) {
  (void)sig;
  got_usr1++;
}

// A child that joins group `pgid` (0: a new one) and waits forever.
static pid_t member(pid_t pgid) {
  gate up;
  gate_open(&up);
  pid_t child = fork_or_die();
  if (child == 0) {
    setpgid(0, pgid);
    gate_signal(&up);
    for (;;) pause();
  }
  setpgid(child, pgid);
  gate_wait(&up);
  gate_close(&up);
  return child;
}

int main(void) {
  start();
  setpgid(0, 0);  // the test leads its own group
  on_signal(SIGUSR1, on_usr1, 0);

  pid_t a = member(0);
  pid_t b = member(a);
  pid_t c = member(a);
  pid_t d = member(getpgrp());
  printf("A, B, C in group A; D in the test's group: %s\n",
         yes_no(getpgid(a) == a && getpgid(b) == a && getpgid(c) == a && getpgid(d) == getpgrp()));
  printf("kill(-A, SIGTERM): %s\n", result(kill(-a, SIGTERM), errno));
  printf("A: %s\n", status_text(wait_for(a)));
  printf("B: %s\n", status_text(wait_for(b)));
  printf("C: %s\n", status_text(wait_for(c)));
  int status;
  printf("D still alive: wait4(D, WNOHANG): %s\n", result(wait4(d, &status, WNOHANG, NULL), errno));
  printf("kill(-A, 0) with the group gone: %s\n", result(kill(-a, 0), errno));
  kill(d, SIGKILL);
  printf("D: %s\n", status_text(wait_for(d)));

  // kill(0, SIGUSR1) from a group leader with two children in its group.
  int report[2];
  if (pipe(report) != 0) die("pipe");
  pid_t leader = fork_or_die();
  if (leader == 0) {
    setpgid(0, 0);
    block_signal(SIGUSR1);  // taken in sigsuspend below, by each of the three
    gate up;
    gate_open(&up);
    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
      kids[i] = fork_or_die();
      if (kids[i] == 0) {
        gate_signal(&up);
        sigset_t empty;
        sigemptyset(&empty);
        while (!got_usr1) sigsuspend(&empty);
        write_all(report[1], "k", 1);
        _exit(0);
      }
    }
    gate_wait(&up);
    gate_wait(&up);
    kill(0, SIGUSR1);
    sigset_t empty;
    sigemptyset(&empty);
    while (!got_usr1) sigsuspend(&empty);
    write_all(report[1], "L", 1);
    int ok = 1;
    for (int i = 0; i < 2; i++) ok &= wait_for(kids[i]) == 0;
    _exit(ok ? 0 : 1);
  }
  close(report[1]);
  printf("leader: %s\n", status_text(wait_for(leader)));
  int leaders = 0, kids = 0;
  char got;
  while (read(report[0], &got, 1) == 1) {
    leaders += got == 'L';
    kids += got == 'k';
  }
  printf("kill(0, SIGUSR1): the leader's handler ran: %s, both children's: %s\n", yes_no(leaders == 1),
         yes_no(kids == 2));
  printf("the test (another group) got none: %s\n", yes_no(got_usr1 == 0));
  return 0;
}
