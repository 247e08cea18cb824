// Process groups: a child that calls setpgid(0, 0) leads a new group (getpgrp, getpgid(0)
// and the parent's getpgid(child) are its pid); fork inherits the group; the parent may
// move another child into that group (same session); setpgid into a group that does not
// exist is EPERM, of a process that is not a child ESRCH, with a negative pgid EINVAL,
// and of a child that has called execve EACCES. getpgid of a pid that does not exist is
// ESRCH.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

// A child that leads its own group (or not), then waits for the parent to release it.
struct kid {
  pid_t pid;
  gate up, go;
};

static void start_kid(struct kid *k, int lead) {
  gate_open(&k->up);
  gate_open(&k->go);
  k->pid = fork_or_die();
  if (k->pid == 0) {
    int ok = 1;
    if (lead) ok = setpgid(0, 0) == 0 && getpgrp() == getpid() && getpgid(0) == getpid();
    gate_signal(&k->up);
    gate_wait(&k->go);
    _exit(ok ? 0 : 1);
  }
  gate_wait(&k->up);
}

static void end_kid(struct kid *k, const char *name) {
  gate_signal(&k->go);
  printf("%s: %s\n", name, status_text(wait_for(k->pid)));
  gate_close(&k->up);
  gate_close(&k->go);
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "exec-child") == 0) {  // execve'd: say so, wait to be killed
    write(atoi(argv[2]), "x", 1);
    for (;;) pause();
  }
  start();
  printf("getpgrp() == getpgid(0): %s\n", yes_no(getpgrp() == getpgid(0)));
  printf("getpgid(getpid()) == getpgrp(): %s\n", yes_no(getpgid(getpid()) == getpgrp()));

  struct kid a, b;
  start_kid(&a, 1);
  printf("parent: getpgid(A) == A: %s\n", yes_no(getpgid(a.pid) == a.pid));
  printf("parent: our group is not A's: %s\n", yes_no(getpgrp() != a.pid));
  start_kid(&b, 0);
  printf("child B starts in the parent's group: %s\n", yes_no(getpgid(b.pid) == getpgrp()));
  printf("setpgid(B, A): %s\n", result(setpgid(b.pid, a.pid), errno));
  printf("getpgid(B) == A: %s\n", yes_no(getpgid(b.pid) == a.pid));
  printf("setpgid(B, 0) (B leads its own): %s, getpgid(B) == B: %s\n", result(setpgid(b.pid, 0), errno),
         yes_no(getpgid(b.pid) == b.pid));
  printf("setpgid(B, getpgrp()) (back to ours): %s\n", result(setpgid(b.pid, getpgrp()), errno));
  end_kid(&b, "B");
  printf("setpgid(A, B's pid, no such group now): %s\n", result(setpgid(a.pid, b.pid), errno));
  printf("setpgid(1, 0) (not our child): %s\n", result(setpgid(1, 0), errno));
  printf("setpgid(0, -1): %s\n", result(setpgid(0, -1), errno));
  printf("getpgid(B's pid, reaped): %s\n", result(getpgid(b.pid), errno));

  // A grandchild starts in its parent's group.
  pid_t c = fork_or_die();
  if (c == 0) {
    setpgid(0, 0);
    pid_t g = fork_or_die();
    if (g == 0) _exit(getpgrp() == getppid() ? 0 : 1);
    int st = wait_for(g);
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 2);
  }
  printf("fork inherits the group (a grandchild's getpgrp() is its parent's group): %s\n", yes_no(wait_for(c) == 0));
  end_kid(&a, "A (exit status 0: its getpgrp() and getpgid(0) were its pid)");

  // setpgid of a child that has called execve.
  // The new program writes a byte once it runs (an EOF when execve closes a
  // close-on-exec pipe comes too early: on Linux the descriptors close
  // before the exec counts, and on another CPU the parent could see it first).
  int ready[2];
  if (pipe(ready) != 0) die("pipe");
  pid_t e = fork_or_die();
  if (e == 0) {
    char fd[16];
    snprintf(fd, sizeof fd, "%d", ready[1]);
    char *args[] = {"/test", "exec-child", fd, NULL};
    char *env[] = {NULL};
    execve("/test", args, env);
    _exit(127);
  }
  close(ready[1]);
  char ch;
  if (read(ready[0], &ch, 1) != 1) die("read");  // the exec'd program runs
  printf("setpgid(child after execve, 0): %s\n", result(setpgid(e, 0), errno));
  kill(e, SIGKILL);
  printf("exec'd child: %s\n", status_text(wait_for(e)));
  return 0;
}
