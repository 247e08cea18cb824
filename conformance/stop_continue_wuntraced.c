// Job control seen by the parent: SIGSTOP stops a child blocked in read; wait4 with
// WUNTRACED reports it once (WIFSTOPPED, WSTOPSIG 19), wait4 without WUNTRACED does not;
// /proc/PID/stat shows state T. SIGCONT resumes it; wait4 with WCONTINUED reports that once
// (WIFCONTINUED). The child's read then goes on and returns the byte written later.
// SIGTSTP, SIGTTIN and SIGTTOU stop a child in its own process group (not orphaned) too,
// with WSTOPSIG 20, 21, 22. (Seed: "The wait4 call permits an application to request the
// status of both stopped and terminated processes".)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static char stat_state(pid_t pid) {
  char path[64], fields[kStatFields][32];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  return read_stat_at(path, fields, NULL) > 0 ? fields[0][0] : '?';
}

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  gate up;
  gate_open(&up);
  pid_t child = fork_or_die();
  if (child == 0) {
    gate_signal(&up);
    char c;
    ssize_t r = read(fds[0], &c, 1);
    _exit(r == 1 && c == 'x' ? 0 : 1);
  }
  gate_wait(&up);
  wait_state(child, 'S');
  int status = 0;
  printf("kill(child, SIGSTOP): %s\n", result(kill(child, SIGSTOP), errno));
  pid_t r = wait_options(child, &status, WUNTRACED);
  printf("wait4(WUNTRACED): returned the child: %s, %s, WIFSTOPPED %s, WSTOPSIG %d\n", yes_no(r == child),
         wait_text(status), yes_no(WIFSTOPPED(status)), WSTOPSIG(status));
  printf("/proc/PID/stat state: %c\n", stat_state(child));
  printf("wait4(WUNTRACED|WNOHANG) again: %s\n", result(wait4(child, &status, WUNTRACED | WNOHANG, NULL), errno));
  printf("wait4(WNOHANG) without WUNTRACED: %s\n", result(wait4(child, &status, WNOHANG, NULL), errno));
  printf("wait4(WCONTINUED|WNOHANG) while stopped: %s\n",
         result(wait4(child, &status, WCONTINUED | WNOHANG, NULL), errno));

  printf("kill(child, SIGCONT): %s\n", result(kill(child, SIGCONT), errno));
  r = wait_options(child, &status, WCONTINUED);
  printf("wait4(WCONTINUED): returned the child: %s, %s, WIFCONTINUED %s\n", yes_no(r == child), wait_text(status),
         yes_no(WIFCONTINUED(status)));
  printf("wait4(WCONTINUED|WNOHANG) again: %s\n", result(wait4(child, &status, WCONTINUED | WNOHANG, NULL), errno));
  wait_state(child, 'S');
  printf("/proc/PID/stat state: %c\n", stat_state(child));
  write(fds[1], "x", 1);
  printf("child (its read returned the byte): %s\n", status_text(wait_for(child)));

  const int stops[] = {SIGTSTP, SIGTTIN, SIGTTOU};
  const char *names[] = {"SIGTSTP", "SIGTTIN", "SIGTTOU"};
  for (int i = 0; i < 3; i++) {
    gate_open(&up);
    child = fork_or_die();
    if (child == 0) {
      setpgid(0, 0);
      gate_signal(&up);
      for (;;) pause();
    }
    setpgid(child, child);
    gate_wait(&up);
    gate_close(&up);
    kill(child, stops[i]);
    r = wait_options(child, &status, WUNTRACED);
    printf("%s: %s\n", names[i], wait_text(status));
    kill(child, SIGKILL);
    printf("  then SIGKILL: %s\n", wait_text(wait_for(child)));
  }
  return 0;
}
