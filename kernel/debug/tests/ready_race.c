// A deliberate race, kept for the self-test of replayable schedules (harness/schedules.py):
// the parent assumes its child has printed its line once the parent itself has worked for a
// while, instead of waiting for it. Usually the scheduler preempts the parent first and the
// child's line comes first; a longer time slice lets the parent finish its work first, and
// the lines come the other way round.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pid_t pid = fork();
  if (pid == 0) {
    printf("child: ready\n");
    _exit(0);
  }
  for (volatile long i = 0; i < 200000; i = i + 1) {
  }
  printf("parent: the child is ready by now\n");
  waitpid(pid, NULL, 0);
  return 0;
}
