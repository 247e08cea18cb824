// A thread's own exit (SYS_exit, not exit_group) ends only that thread: pthread_join sees
// it gone, /proc/self/status's thread count drops by one, the other threads keep running
// (one of them still makes progress afterwards), and the process's exit status is later
// what main returns, not the code the thread passed to SYS_exit.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile long progress;
static volatile int stop;

static void *worker(void *arg) {
  (void)arg;
  while (!stop) progress++;
  return NULL;
}

static void *leaver(void *arg) {
  (void)arg;
  syscall(SYS_exit, 9);  // this thread only
  return NULL;           // never reached
}

static int child(void *arg) {
  int fd = *(int *)arg;
  pthread_t w, l;
  if (pthread_create(&w, NULL, worker, NULL) != 0) return 100;
  if (pthread_create(&l, NULL, leaver, NULL) != 0) return 101;
  int joined = pthread_join(l, NULL) == 0;
  long before = progress;
  while (progress == before) sched_yield();  // the worker still runs
  // pthread_join returns once the kernel cleared the thread's tid (CLONE_CHILD_CLEARTID),
  // which may be a moment before the thread is gone from the count.
  int alive = threads_of(getpid());
  for (int i = 0; i < 5000 && alive != 2; i++) {
    sleep_ms(1);
    alive = threads_of(getpid());
  }
  char line[128];
  int n = snprintf(line, sizeof line, "%d %d\n", joined, alive);
  write_all(fd, line, (size_t)n);
  stop = 1;
  pthread_join(w, NULL);
  return 4;
}

int main(void) {
  start();
  int report[2];
  if (pipe(report) != 0) die("pipe");
  pid_t pid = spawn(child, &report[1]);
  close(report[1]);
  char line[128] = {0};
  ssize_t n = read(report[0], line, sizeof line - 1);
  int joined = 0, alive = 0;
  if (n <= 0 || sscanf(line, "%d %d", &joined, &alive) != 2) die("read report");
  printf("pthread_join of the thread that called SYS_exit: %s\n", yes_no(joined));
  printf("the other thread made progress after that: yes\n");
  printf("threads left in the process (main and worker): %d\n", alive);
  printf("child: %s\n", status_text(wait_for(pid)));
  return 0;
}
