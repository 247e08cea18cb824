// An orphan: when its parent exits, getppid() changes (to 1, the init, on Linux) and the
// orphan, once it exits, is reaped by someone (it does not stay a zombie forever).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

// What the orphan saw, sent to the test through a pipe (only the test prints).
struct report {
  pid_t pid;
  int ppid_was_parent;
  int ppid_changed;
  int new_ppid_is_1;
};

int main(void) {
  start();
  int pipefd[2];
  if (pipe(pipefd) != 0) die("pipe");
  pid_t parent = fork_or_die();
  if (parent == 0) {
    pid_t me = getpid();
    gate started;
    gate_open(&started);
    pid_t orphan = fork_or_die();
    if (orphan == 0) {
      struct report r = {.pid = getpid(), .ppid_was_parent = getppid() == me};
      gate_signal(&started);
      for (int i = 0; i < 5000 && getppid() == me; i++) sleep_ms(1);
      r.ppid_changed = getppid() != me;
      r.new_ppid_is_1 = getppid() == 1;
      write(pipefd[1], &r, sizeof r);
      _exit(0);
    }
    gate_wait(&started);
    _exit(3);  // leaves the orphan behind
  }
  close(pipefd[1]);
  printf("parent: %s\n", status_text(wait_for(parent)));
  struct report r;
  memset(&r, 0, sizeof r);
  if (read(pipefd[0], &r, sizeof r) != sizeof r) die("read report");
  printf("orphan's getppid() was its parent: %s\n", yes_no(r.ppid_was_parent));
  printf("orphan's getppid() changed when the parent exited: %s\n", yes_no(r.ppid_changed));
  printf("orphan's new parent is pid 1: %s\n", yes_no(r.new_ppid_is_1));
  char c;
  printf("orphan exited (its end of the pipe closed): %s\n", yes_no(read(pipefd[0], &c, 1) == 0));
  int gone = 0;
  for (int i = 0; i < 5000 && !gone; i++) {
    gone = kill(r.pid, 0) == -1 && errno == ESRCH;
    if (!gone) sleep_ms(1);
  }
  printf("orphan reaped by someone (kill(pid, 0) is ESRCH): %s\n", yes_no(gone));
  printf("test's wait4(orphan): %s\n", result(wait4(r.pid, NULL, WNOHANG, NULL), errno));
  return 0;
}
