// wait4(WNOHANG) returns 0 while the child runs and then leaves status and rusage exactly
// as they were (both pre-filled with a pattern); once the child has ended it reaps it and
// fills both. With no child at all it is ECHILD, not 0.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

static const int kStatusPattern = 0x5a5a5a5a;

static int untouched(int status, const struct rusage *ru) {
  struct rusage pattern;
  memset(&pattern, 0xa5, sizeof pattern);
  return status == kStatusPattern && memcmp(ru, &pattern, sizeof pattern) == 0;
}

int main(void) {
  start();
  gate release;
  gate_open(&release);
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(release.fds[1]);
    gate_wait(&release);
    _exit(9);
  }
  int status = kStatusPattern;
  struct rusage ru;
  memset(&ru, 0xa5, sizeof ru);
  long r = wait4(pid, &status, WNOHANG, &ru);
  printf("wait4(child, WNOHANG) while it runs: %s, status and rusage untouched: %s\n", result(r, errno),
         yes_no(untouched(status, &ru)));
  r = wait4(-1, &status, WNOHANG, &ru);
  printf("wait4(-1, WNOHANG) while it runs: %s, status and rusage untouched: %s\n", result(r, errno),
         yes_no(untouched(status, &ru)));

  gate_close(&release);  // the child exits now
  int polls_clean = 1;
  for (int i = 0; i < 5000; i++) {
    r = wait4(pid, &status, WNOHANG, &ru);
    if (r != 0) break;
    polls_clean &= untouched(status, &ru);
    sleep_ms(1);
  }
  printf("every WNOHANG poll that returned 0 left both untouched: %s\n", yes_no(polls_clean));
  printf("the poll that reaped: returned the child: %s, %s, rusage written: %s\n", yes_no(r == pid),
         status_text(status), yes_no(!untouched(kStatusPattern, &ru)));

  status = kStatusPattern;
  memset(&ru, 0xa5, sizeof ru);
  r = wait4(-1, &status, WNOHANG, &ru);
  printf("wait4(-1, WNOHANG) with no child: %s, status and rusage untouched: %s\n", result(r, errno),
         yes_no(untouched(status, &ru)));
  return 0;
}
