// A signal that kills ends a multi-threaded process, whatever its threads are doing: one
// blocked in accept, one waiting for a mutex another holds (futex), one in nanosleep, one
// spinning, main in pthread_join. SIGKILL: WTERMSIG 9; SIGTERM (default action): WTERMSIG
// 15. Either way the pipe only the process held reaches EOF and its port binds again.
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/signals.h"

static int listener, ready_w;
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static volatile long spins;

enum { kAccept, kMutex, kNanosleep, kSpinning, kThreads };

// Which thread is which: its index and tid, written to the parent before it blocks.
struct announcement {
  int index;
  pid_t tid;
};

static void say_ready(int index) {
  struct announcement a = {index, gettid()};
  write_all(ready_w, &a, sizeof a);
}

static void *in_accept(void *arg) {
  (void)arg;
  say_ready(kAccept);
  accept(listener, NULL, NULL);
  return NULL;
}
static void *in_mutex(void *arg) {
  (void)arg;
  say_ready(kMutex);
  pthread_mutex_lock(&held);  // main holds it forever
  return NULL;
}
static void *in_nanosleep(void *arg) {
  (void)arg;
  say_ready(kNanosleep);
  struct timespec ts = {1000, 0};
  nanosleep(&ts, NULL);
  return NULL;
}
static void *spinning(void *arg) {
  (void)arg;
  say_ready(kSpinning);
  for (;;) spins++;
  return NULL;
}

static void kill_with(int sig, const char *name) {
  int held_pipe[2], report[2];
  if (pipe(held_pipe) != 0 || pipe(report) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(held_pipe[0]);
    close(report[0]);
    ready_w = report[1];
    uint16_t port;
    listener = tcp_listener(&port);
    write_all(report[1], &port, sizeof port);
    pthread_mutex_lock(&held);
    void *(*fns[kThreads])(void *) = {in_accept, in_mutex, in_nanosleep, spinning};
    pthread_t t[kThreads];
    for (int i = 0; i < kThreads; i++)
      if (pthread_create(&t[i], NULL, fns[i], NULL) != 0) die("pthread_create");
    pthread_join(t[0], NULL);
    _exit(1);
  }
  close(held_pipe[1]);
  close(report[1]);
  uint16_t port;
  if (!read_exact(report[0], &port, sizeof port)) die("read port");
  for (int i = 0; i < kThreads; i++) {
    struct announcement a;
    if (!read_exact(report[0], &a, sizeof a)) die("read report");
    if (a.index == kSpinning) continue;
    wait_task_state(pid, a.tid, 'S');  // until it blocks
  }
  printf("threads in the child: %d\n", threads_of(pid));
  printf("kill(child, %s): %s\n", name, result(kill(pid, sig), errno));
  char c;
  printf("read of the pipe only the child held: %s (EOF)\n", result(read(held_pipe[0], &c, 1), errno));
  int status = wait_for(pid);
  printf("child: %s, WTERMSIG == %d: %s\n", status_text(status), sig,
         yes_no(WIFSIGNALED(status) && WTERMSIG(status) == sig));
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  printf("bind its port again: %s\n", result(bind(s, (struct sockaddr *)&a, sizeof a), errno));
  close(s);
  close(held_pipe[0]);
  close(report[0]);
}

int main(void) {
  start();
  kill_with(SIGKILL, "SIGKILL");
  kill_with(SIGTERM, "SIGTERM");
  return 0;
}
