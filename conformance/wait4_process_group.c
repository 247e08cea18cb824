// wait4 selects children by process group: wait4(-pgid) only children in that group,
// wait4(0) only children in the caller's own group. With the matching children alive,
// WNOHANG returns 0 even while a child of another group is a zombie; with none left that
// match, ECHILD. WUNTRACED works with a group too. (Seed: "The wait4 request can wait for
// any direct child of the parent, or it can wait selectively for a single child process
// or for only its children in a particular process group"; "request status codes without
// blocking".)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

struct kid {
  pid_t pid;
  int go[2];
};

// A child in group `pgid` (0: a new one) that exits with `code` once released.
static void start_kid(struct kid *k, pid_t pgid, int code) {
  if (pipe(k->go) != 0) die("pipe");
  gate up;
  gate_open(&up);
  k->pid = fork_or_die();
  if (k->pid == 0) {
    setpgid(0, pgid);
    gate_signal(&up);
    char c;
    read(k->go[0], &c, 1);
    _exit(code);
  }
  setpgid(k->pid, pgid);
  gate_wait(&up);
  gate_close(&up);
}

static void release(struct kid *k) {
  write_all(k->go[1], "x", 1);
  wait_state(k->pid, 'Z');
}

static const char *who(pid_t r, struct kid *ks, int n) {
  static const char *names[] = {"A", "B", "C"};
  if (r <= 0) return result(r, errno);
  for (int i = 0; i < n; i++)
    if (ks[i].pid == r) return names[i];
  return "someone else";
}

int main(void) {
  start();
  setpgid(0, 0);  // the test leads its own group
  struct kid k[3];
  start_kid(&k[0], 0, 10);          // A: leads group G
  start_kid(&k[1], k[0].pid, 11);   // B: in G
  start_kid(&k[2], getpgrp(), 12);  // C: in the test's group
  pid_t g = k[0].pid;
  int status;

  printf("wait4(-G, WNOHANG), all alive: %s\n", who(wait4(-g, &status, WNOHANG, NULL), k, 3));
  printf("wait4(0, WNOHANG), all alive: %s\n", who(wait4(0, &status, WNOHANG, NULL), k, 3));
  release(&k[0]);  // A is a zombie now
  printf("A is a zombie: wait4(0, WNOHANG): %s\n", who(wait4(0, &status, WNOHANG, NULL), k, 3));
  pid_t r = wait4(-g, &status, 0, NULL);
  printf("wait4(-G): %s, %s\n", who(r, k, 3), status_text(status));

  kill(k[1].pid, SIGSTOP);
  r = wait4(-g, &status, WUNTRACED, NULL);
  printf("wait4(-G, WUNTRACED) after SIGSTOP to B: %s, %s\n", who(r, k, 3), wait_text(status));
  kill(k[1].pid, SIGCONT);
  r = wait4(-g, &status, WCONTINUED, NULL);
  printf("wait4(-G, WCONTINUED) after SIGCONT to B: %s, %s\n", who(r, k, 3), wait_text(status));

  release(&k[2]);  // C (our group) is a zombie; B (group G) is alive
  printf("C is a zombie: wait4(-G, WNOHANG): %s\n", who(wait4(-g, &status, WNOHANG, NULL), k, 3));
  r = wait4(0, &status, 0, NULL);
  printf("wait4(0): %s, %s\n", who(r, k, 3), status_text(status));
  printf("wait4(0) with no child left in our group: %s\n", result(wait4(0, &status, WNOHANG, NULL), errno));

  release(&k[1]);
  r = wait4(-g, &status, 0, NULL);
  printf("wait4(-G): %s, %s\n", who(r, k, 3), status_text(status));
  printf("wait4(-G) with the group empty: %s\n", result(wait4(-g, &status, 0, NULL), errno));
  printf("wait4(-1) with no children: %s\n", result(wait4(-1, &status, 0, NULL), errno));
  return 0;
}
