// Linux's syscall ABI takes a pid_t argument from the low 32 bits of its register:
// kill(child + 2^32, SIGKILL) is kill(child, SIGKILL).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  gate ready;
  gate_open(&ready);
  pid_t pid = fork_or_die();
  if (pid == 0) {
    gate_signal(&ready);
    struct timespec ts = {3600, 0};
    nanosleep(&ts, NULL);
    _exit(1);
  }
  gate_wait(&ready);
  printf("kill(own pid + 2^32, 0): %s\n", result(syscall(SYS_kill, (long)getpid() + (1L << 32), 0), errno));
  wait_state(pid, 'S');
  printf("kill(child + 2^32, SIGKILL): %s\n", result(syscall(SYS_kill, (long)pid + (1L << 32), SIGKILL), errno));
  printf("child: %s\n", status_text(wait_for(pid)));
  printf("kill(reaped child + 2^32, 0): %s\n", result(syscall(SYS_kill, (long)pid + (1L << 32), 0), errno));
  printf("kill(own pid, 0 + 2^32) (the signal is an int too): %s\n",
         result(syscall(SYS_kill, (long)getpid(), 0L + (1L << 32)), errno));
  return 0;
}
