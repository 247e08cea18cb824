// A signal sent to a process (kill) is taken by a thread that does not block it: the main
// thread blocks SIGUSR1, another thread blocked in read does not, so that thread runs the
// handler and its read returns EINTR. Masks are per thread: a new thread starts with its
// creator's mask.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile pid_t handled_by;
static volatile int handled;
static int quiet[2], ready[2];
static long read_ret;
static int read_err, inherited_block;

static void on_usr1(int sig) {
  (void)sig;
  handled++;
  handled_by = gettid();
}

static void *taker(void *arg) {
  (void)arg;
  inherited_block = is_blocked(SIGUSR1);
  unblock_signal(SIGUSR1);
  pid_t tid = gettid();
  write_all(ready[1], &tid, sizeof tid);
  char c;
  read_ret = read(quiet[0], &c, 1);
  read_err = errno;
  return NULL;
}

int main(void) {
  start();
  on_signal(SIGUSR1, on_usr1, 0);
  block_signal(SIGUSR1);
  if (pipe(quiet) != 0 || pipe(ready) != 0) die("pipe");
  pthread_t t;
  if (pthread_create(&t, NULL, taker, NULL) != 0) die("pthread_create");
  pid_t tid;
  if (!read_exact(ready[0], &tid, sizeof tid)) die("read ready");
  wait_thread_state(tid, 'S');
  printf("kill(getpid(), SIGUSR1): %s\n", result(kill(getpid(), SIGUSR1), errno));
  pthread_join(t, NULL);
  printf("the new thread started with SIGUSR1 blocked (its creator's mask): %s\n", yes_no(inherited_block));
  printf("handler ran once: %s\n", yes_no(handled == 1));
  printf("in the thread that did not block it: %s\n", yes_no(handled_by == tid));
  printf("that thread's read: %s\n", result(read_ret, read_err));
  printf("main thread still blocks SIGUSR1: %s\n", yes_no(is_blocked(SIGUSR1)));
  printf("nothing pending: %s\n", yes_no(none_pending()));
  return 0;
}
