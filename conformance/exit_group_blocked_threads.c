// exit_group from a thread ends the whole process while eight siblings are blocked in
// nanosleep, read of a pipe, accept, futex (pthread_cond_wait), ppoll and wait4, or spin
// (two of them), and the main thread waits in pthread_join: the parent sees the exit
// status given, every descriptor closed (a pipe at EOF, the listening port free) and
// the process gone. (Seed: "The exit() routine first kills off any other threads".)
#include <sys/syscall.h>

#include "conformance/exit_blocked_threads.h"

static void *exiter(void *arg) {
  (void)arg;
  syscall(SYS_exit_group, 7);
  return NULL;
}

int main(void) {
  start();
  struct watch w;
  pid_t pid = fork_blocked_child(&w);
  if (pid == 0) {
    pthread_t t;
    if (pthread_create(&t, NULL, exiter, NULL) != 0) die("pthread_create");
    pthread_join(t, NULL);  // the main thread blocks too
    _exit(98);              // never reached
  }
  report_blocked_child(pid, &w);
  return 0;
}
