// wait4 with pid > 0 reaps exactly that child, whatever order the children ended in, and
// fills status and rusage; once reaped, the pid is no child any more (ECHILD).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

enum { kChildren = 3 };

int main(void) {
  start();
  gate release;
  gate_open(&release);
  pid_t pids[kChildren];
  for (int i = 0; i < kChildren; i++) {
    pids[i] = fork_or_die();
    if (pids[i] == 0) {
      close(release.fds[1]);
      gate_wait(&release);  // returns at EOF: when the parent closes its end
      _exit(10 + i);
    }
  }
  gate_close(&release);  // every child ends now
  const int order[kChildren] = {2, 0, 1};
  for (int k = 0; k < kChildren; k++) {
    int i = order[k];
    int status = -1;
    struct rusage ru;
    memset(&ru, 0xa5, sizeof ru);
    pid_t got = wait4(pids[i], &status, 0, &ru);
    printf("wait4(child %d): returned its pid: %s, %s, rusage filled: %s\n", i, yes_no(got == pids[i]),
           status_text(status), yes_no(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000));
  }
  int status = 12345;
  long again = wait4(pids[0], &status, 0, NULL);
  printf("wait4(child 0) again: %s, status untouched: %s\n", result(again, errno), yes_no(status == 12345));
  return 0;
}
