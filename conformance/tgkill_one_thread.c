// tgkill sends a signal to one thread: of three threads blocked in read, only the one named
// runs the handler (its read returns EINTR, no SA_RESTART), the others go on reading and
// get their byte later; the handler's siginfo says SI_TKILL and the sender's pid. tgkill
// with a thread id that is not in the thread group is ESRCH; signal 0 only checks.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/signals.h"

enum { kThreads = 3, kTarget = 1 };

struct reader {
  int fds[2];
  pid_t tid;
  long ret;
  int err;
};

static struct reader readers[kThreads];
static volatile pid_t handled_by;
static volatile int handled, si_code_seen, si_pid_seen;
static int ready[2];

static void on_usr1(int sig, siginfo_t *info, void *ctx) {
  (void)sig;
  (void)ctx;
  handled++;
  handled_by = gettid();
  si_code_seen = info->si_code;
  si_pid_seen = info->si_pid;
}

static void *reader(void *arg) {
  struct reader *r = arg;
  r->tid = gettid();
  write_all(ready[1], &r->tid, sizeof r->tid);
  char c;
  r->ret = read(r->fds[0], &c, 1);
  r->err = errno;
  return NULL;
}

int main(void) {
  start();
  on_siginfo(SIGUSR1, on_usr1, 0);
  if (pipe(ready) != 0) die("pipe");
  pthread_t threads[kThreads];
  for (int i = 0; i < kThreads; i++) {
    if (pipe(readers[i].fds) != 0) die("pipe");
    if (pthread_create(&threads[i], NULL, reader, &readers[i]) != 0) die("pthread_create");
  }
  for (int i = 0; i < kThreads; i++) {
    pid_t tid;
    if (!read_exact(ready[0], &tid, sizeof tid)) die("read ready");
  }
  for (int i = 0; i < kThreads; i++) wait_thread_state(readers[i].tid, 'S');
  printf("tgkill(pid, tid, 0): %s\n", result(syscall(SYS_tgkill, getpid(), readers[kTarget].tid, 0), errno));
  printf("tgkill(pid, tid, SIGUSR1): %s\n",
         result(syscall(SYS_tgkill, getpid(), readers[kTarget].tid, SIGUSR1), errno));
  pthread_join(threads[kTarget], NULL);
  printf("target's read: %s\n", result(readers[kTarget].ret, readers[kTarget].err));
  printf("handler ran once: %s\n", yes_no(handled == 1));
  printf("handler ran in the target thread: %s\n", yes_no(handled_by == readers[kTarget].tid));
  printf("si_code is SI_TKILL: %s\n", yes_no(si_code_seen == SI_TKILL));
  printf("si_pid is the sender: %s\n", yes_no(si_pid_seen == getpid()));
  for (int i = 0; i < kThreads; i++)
    if (i != kTarget) write_all(readers[i].fds[1], "x", 1);
  int others_read = 1;
  for (int i = 0; i < kThreads; i++) {
    if (i == kTarget) continue;
    pthread_join(threads[i], NULL);
    others_read &= readers[i].ret == 1;
  }
  printf("the other threads' reads returned their byte: %s\n", yes_no(others_read));
  printf("tgkill(pid, our own pid + 100000, 0): %s\n",
         result(syscall(SYS_tgkill, getpid(), getpid() + 100000, 0), errno));
  printf("tgkill(pid, tid, 0) with tid <= 0: %s\n", result(syscall(SYS_tgkill, getpid(), 0, 0), errno));
  return 0;
}
