// exit_group racing pthread_create, 100 times: in each of 100 child processes one thread
// calls exit_group(5) once the main thread has created a few threads (0 to 9, by round),
// while the main thread goes on creating more (each new one blocks in pause). Every child
// ends with exit status 5 -- never a hang, a crash or another status -- and every child's
// descriptors are closed (a pipe only it held is at EOF) before its parent reaps it.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

enum { kRounds = 100, kMaxThreads = 40 };

static volatile int created;
static int round_no;

static void *sleeper(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

static void *exiter(void *arg) {
  (void)arg;
  while (created < round_no % 10) sched_yield();
  syscall(SYS_exit_group, 5);
  return NULL;
}

static int child(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, exiter, NULL) != 0) return 100;
  for (int i = 0; i < kMaxThreads; i++) {
    if (pthread_create(&t, NULL, sleeper, NULL) != 0) break;
    created++;
  }
  for (;;) pause();  // exit_group ends this thread too
}

int main(void) {
  start();
  int exited5 = 0, eof = 0;
  for (round_no = 0; round_no < kRounds; round_no++) {
    int held[2];
    if (pipe(held) != 0) die("pipe");
    pid_t pid = fork_or_die();
    if (pid == 0) {
      close(held[0]);
      _exit(child());
    }
    close(held[1]);
    char c;
    eof += read(held[0], &c, 1) == 0;
    close(held[0]);
    int status = wait_for(pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 5) exited5++;
    else printf("round %d: %s\n", round_no, status_text(status));
  }
  printf("children that ended with exit status 5: %d of %d\n", exited5, kRounds);
  printf("children whose pipe reached EOF before the reap: %d of %d\n", eof, kRounds);
  return 0;
}
