// gettid() equals getpid() in the main thread and differs from it in every other thread;
// the threads' ids are distinct; getpid() and getppid() are the same in all threads of a
// process; /proc/self/status counts the threads while they live; a thread of another
// process is not ours (tgkill(getpid(), that tid, 0) is ESRCH).
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/signals.h"

enum { kThreads = 3 };

struct seen {
  pid_t tid, pid, ppid;
};

static pthread_barrier_t all_up, checked;

static void *record(void *arg) {
  struct seen *s = arg;
  s->tid = gettid();
  s->pid = getpid();
  s->ppid = getppid();
  pthread_barrier_wait(&all_up);
  pthread_barrier_wait(&checked);  // stays alive until main has counted the threads
  return NULL;
}

int main(void) {
  start();
  printf("main thread: gettid() == getpid(): %s\n", yes_no(gettid() == getpid()));
  printf("main thread: syscall(SYS_gettid) == getpid(): %s\n", yes_no(syscall(SYS_gettid) == getpid()));
  printf("threads before: %d\n", threads_of(getpid()));
  pthread_barrier_init(&all_up, NULL, kThreads + 1);
  pthread_barrier_init(&checked, NULL, kThreads + 1);
  struct seen seen[kThreads];
  pthread_t threads[kThreads];
  for (int i = 0; i < kThreads; i++)
    if (pthread_create(&threads[i], NULL, record, &seen[i]) != 0) die("pthread_create");
  pthread_barrier_wait(&all_up);
  printf("threads while %d more run: %d\n", kThreads, threads_of(getpid()));
  pthread_barrier_wait(&checked);
  for (int i = 0; i < kThreads; i++) pthread_join(threads[i], NULL);

  int tid_differs = 1, same_pid = 1, same_ppid = 1, distinct = 1, positive = 1;
  for (int i = 0; i < kThreads; i++) {
    tid_differs &= seen[i].tid != getpid();
    same_pid &= seen[i].pid == getpid();
    same_ppid &= seen[i].ppid == getppid();
    positive &= seen[i].tid > 0;
    for (int j = 0; j < i; j++) distinct &= seen[i].tid != seen[j].tid;
  }
  printf("other threads: gettid() > 0: %s\n", yes_no(positive));
  printf("other threads: gettid() != getpid(): %s\n", yes_no(tid_differs));
  printf("thread ids distinct: %s\n", yes_no(distinct));
  printf("getpid() the same in every thread: %s\n", yes_no(same_pid));
  printf("getppid() the same in every thread: %s\n", yes_no(same_ppid));

  // A thread of a child process: its tid with our pid as the thread group is not ours.
  int report[2];
  if (pipe(report) != 0) die("pipe");
  gate done;
  gate_open(&done);
  pid_t child = fork_or_die();
  if (child == 0) {
    pid_t tid = gettid();
    write_all(report[1], &tid, sizeof tid);
    gate_wait(&done);
    _exit(0);
  }
  pid_t child_tid;
  if (!read_exact(report[0], &child_tid, sizeof child_tid)) die("read tid");
  printf("in a forked child: gettid() == its pid: %s\n", yes_no(child_tid == child));
  printf("tgkill(our pid, the child's tid, 0): %s\n", result(syscall(SYS_tgkill, getpid(), child_tid, 0), errno));
  printf("tgkill(child pid, the child's tid, 0): %s\n", result(syscall(SYS_tgkill, child, child_tid, 0), errno));
  gate_signal(&done);
  printf("child: %s\n", status_text(wait_for(child)));
  return 0;
}
