// Returning from main (exit, then exit_group) ends the whole process while eight other
// threads are blocked in nanosleep, read of a pipe, accept, futex (pthread_cond_wait),
// ppoll and wait4, or spin (two of them): the parent sees main's return value, every
// descriptor closed (a pipe at EOF, the listening port free) and the process gone.
// (Seed: "The exit() routine first kills off any other threads".)
#include "conformance/exit_blocked_threads.h"

int main(void) {
  start();
  struct watch w;
  pid_t pid = fork_blocked_child(&w);
  if (pid == 0) return 3;  // main returns while its eight siblings are blocked or spinning
  report_blocked_child(pid, &w);
  return 0;
}
