// The shape of the kill_blocked_* programs: a child announces that it is about to block,
// blocks in one call, and is killed there with SIGKILL; the parent sees WTERMSIG == 9 and
// carries on. The call must never return in the child (it would say so).
#pragma once

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

// Runs prepare(arg) (if any) and then block(arg) in a child; kills it once it is in
// `state` (see wait_state); prints the outcome.
static inline void kill_while_blocked(const char *what, void (*prepare)(void *), long (*block)(void *), void *arg,
                                      char state) {
  gate ready;
  gate_open(&ready);
  pid_t pid = fork_or_die();
  if (pid == 0) {
    if (prepare) prepare(arg);
    gate_signal(&ready);
    long r = block(arg);
    printf("BUG: child %s: the call returned %s\n", what, result(r, errno));
    _exit(1);
  }
  gate_wait(&ready);
  gate_close(&ready);
  wait_state(pid, state);
  printf("kill(child %s, SIGKILL): %s\n", what, result(kill(pid, SIGKILL), errno));
  int status = wait_for(pid);
  printf("child: %s, WTERMSIG == 9: %s\n", status_text(status),
         yes_no(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
}
