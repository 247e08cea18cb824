// Sessions: setsid in a child that is not a group leader makes a new session and group,
// both its pid (getsid(0), getpgrp()); the parent sees it with getsid(child); a second
// setsid is EPERM (it leads a group now), and so is setsid in a process that made itself a
// group leader with setpgid(0, 0). A session leader cannot change its group (setpgid EPERM)
// and nobody can join a group of another session (EPERM). A fork child inherits the
// session. getsid of a pid that does not exist is ESRCH.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static int report[2];

static void say(int ok) {
  char c = ok ? 'y' : 'n';
  write_all(report[1], &c, 1);
}

static const char *heard(void) {
  char c;
  if (!read_exact(report[0], &c, 1)) die("read report");
  return c == 'y' ? "yes" : "no";
}

int main(void) {
  start();
  if (pipe(report) != 0) die("pipe");
  printf("getsid(0) == getsid(getpid()): %s\n", yes_no(getsid(0) == getsid(getpid())));

  gate go;
  gate_open(&go);
  pid_t leader = fork_or_die();
  if (leader == 0) {
    pid_t me = getpid();
    say(setsid() == me);
    say(getsid(0) == me && getpgrp() == me);
    errno = 0;
    say(setsid() == -1 && errno == EPERM);
    errno = 0;
    say(setpgid(0, 0) == -1 && errno == EPERM);
    pid_t kid = fork_or_die();
    if (kid == 0) _exit(getsid(0) == me && getpgrp() == me ? 0 : 1);
    say(wait_for(kid) == 0);
    gate_wait(&go);
    _exit(0);
  }
  printf("child: setsid() returns its pid: %s\n", heard());
  printf("child: getsid(0) and getpgrp() are its pid: %s\n", heard());
  printf("child: setsid() again is EPERM: %s\n", heard());
  printf("child: setpgid(0, 0) as session leader is EPERM: %s\n", heard());
  printf("child's child inherits the session and group: %s\n", heard());
  printf("parent: getsid(child) == child: %s\n", yes_no(getsid(leader) == leader));
  printf("parent: getpgid(child) == child: %s\n", yes_no(getpgid(leader) == leader));
  printf("parent: our session is not the child's: %s\n", yes_no(getsid(0) != leader));
  printf("parent: setpgid(session leader, 0): %s\n", result(setpgid(leader, 0), errno));

  gate up, done;
  gate_open(&up);
  gate_open(&done);
  pid_t other = fork_or_die();
  if (other == 0) {
    gate_signal(&up);
    gate_wait(&done);
    _exit(0);
  }
  gate_wait(&up);
  printf("parent: setpgid(other child, the leader's group in another session): %s\n",
         result(setpgid(other, leader), errno));
  gate_signal(&done);
  wait_for(other);
  gate_signal(&go);
  printf("session leader: %s\n", status_text(wait_for(leader)));
  printf("getsid(reaped pid): %s\n", result(getsid(leader), errno));

  pid_t gl = fork_or_die();
  if (gl == 0) {
    setpgid(0, 0);
    errno = 0;
    long r = setsid();
    _exit(r == -1 && errno == EPERM ? 0 : 1);
  }
  printf("group leader's setsid() is EPERM (exit status 0): %s\n", status_text(wait_for(gl)));
  return 0;
}
