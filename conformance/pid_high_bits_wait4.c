// Linux's syscall ABI takes wait4's pid_t argument from the low 32 bits of its register:
// wait4(child + 2^32) waits for the child, and 2^32 - 1 (low half all ones) means -1.
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  pid_t first = fork_or_die();
  if (first == 0) _exit(4);
  int status = 0;
  long r = syscall(SYS_wait4, (long)first + (1L << 32), &status, 0, NULL);
  printf("wait4(child + 2^32): returned the child: %s, %s\n", yes_no(r == first), status_text(status));
  pid_t second = fork_or_die();
  if (second == 0) _exit(5);
  r = syscall(SYS_wait4, 0xffffffffL, &status, 0, NULL);
  printf("wait4(2^32 - 1): returned the child: %s, %s\n", yes_no(r == second), status_text(status));
  printf("wait4(2^32 - 1) with no child: %s\n", result(syscall(SYS_wait4, 0xffffffffL, &status, 0, NULL), errno));
  return 0;
}
