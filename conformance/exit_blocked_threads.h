// The shape of exit_group_blocked_threads and return_from_main_blocked_threads: a child
// process starts eight threads that block in nanosleep, read of a pipe, accept, futex
// (pthread_cond_wait), ppoll and wait4, and two that spin; once they are there, one thread
// ends the whole process (how is up to the test). The parent then checks that every
// thread is gone: a pipe whose write end only the child held reaches EOF, wait4 returns
// the status the finishing thread gave, the port the child listened on binds again, and
// /proc/PID is gone once reaped.
//
//   struct watch w;
//   pid_t pid = fork_blocked_child(&w);
//   if (pid == 0) { ...end the process... }
//   report_blocked_child(pid, &w);
#pragma once

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/signals.h"

enum { kSiblings = 8 };

struct blocked_child {
  int listener;      // accept
  int quiet[2];      // a pipe nobody writes: read and ppoll
  int ready[2];      // each sibling writes its tid here before it blocks
  int held_w;        // the write end of the parent's EOF pipe
  pid_t grandchild;  // wait4
  pthread_mutex_t lock;
  pthread_cond_t never;
};

static struct blocked_child bc = {.lock = PTHREAD_MUTEX_INITIALIZER, .never = PTHREAD_COND_INITIALIZER};
static volatile long spins;

// Which sibling (its index in sibling_fns) is which thread.
struct announcement {
  int index;
  pid_t tid;
};

static void announce(void *arg) {
  struct announcement a = {(int)(intptr_t)arg, gettid()};
  write_all(bc.ready[1], &a, sizeof a);
}

static void *in_nanosleep(void *arg) {
  announce(arg);
  struct timespec ts = {1000, 0};
  nanosleep(&ts, NULL);
  return NULL;
}
static void *in_read(void *arg) {
  announce(arg);
  char c;
  read(bc.quiet[0], &c, 1);
  return NULL;
}
static void *in_accept(void *arg) {
  announce(arg);
  accept(bc.listener, NULL, NULL);
  return NULL;
}
static void *in_futex(void *arg) {
  (void)arg;
  pthread_mutex_lock(&bc.lock);
  announce(arg);
  for (;;) pthread_cond_wait(&bc.never, &bc.lock);
  return NULL;
}
static void *in_ppoll(void *arg) {
  announce(arg);
  struct pollfd p = {.fd = bc.quiet[0], .events = POLLIN};
  ppoll(&p, 1, NULL, NULL);
  return NULL;
}
static void *in_wait4(void *arg) {
  announce(arg);
  wait4(bc.grandchild, NULL, 0, NULL);
  return NULL;
}
static void *spinning(void *arg) {
  announce(arg);
  for (;;) spins++;
  return NULL;
}

static void *(*const sibling_fns[kSiblings])(void *) = {in_nanosleep, in_read,  in_accept, in_futex,
                                                        in_ppoll,     in_wait4, spinning,  spinning};

// What the parent keeps of a child made by fork_blocked_child.
struct watch {
  int held_r;    // the read end of the pipe only the child writes
  int report_r;  // the child's port and thread count
};

// In the child: starts the siblings, waits until they are where they block, reports its
// port and number of threads.
static void start_siblings(int held_w, int report_w) {
  bc.held_w = held_w;
  uint16_t port;
  bc.listener = tcp_listener(&port);
  write_all(report_w, &port, sizeof port);
  if (pipe(bc.quiet) != 0 || pipe(bc.ready) != 0) die("pipe");
  int hold[2];  // the grandchild waits for EOF on it: until this process is gone
  if (pipe(hold) != 0) die("pipe");
  bc.grandchild = fork_or_die();
  if (bc.grandchild == 0) {
    close(hold[1]);
    close(held_w);
    close(report_w);
    close(bc.listener);
    char c;
    while (read(hold[0], &c, 1) < 0 && errno == EINTR) {
    }
    _exit(0);
  }
  close(hold[0]);
  pthread_t t;
  for (intptr_t i = 0; i < kSiblings; i++)
    if (pthread_create(&t, NULL, sibling_fns[i], (void *)i) != 0) die("pthread_create");
  for (int i = 0; i < kSiblings; i++) {
    struct announcement a;
    if (!read_exact(bc.ready[0], &a, sizeof a)) die("read ready");
    // Spinners run; the others block in their call (the outcome must not depend on it).
    wait_thread_state(a.tid, sibling_fns[a.index] == spinning ? 'R' : 'S');
  }
  int threads = threads_of(getpid());
  write_all(report_w, &threads, sizeof threads);
}

// Like fork: 0 in the child once its eight siblings are blocked or spinning (the child
// then ends the process its way), the child's pid in the parent.
static pid_t fork_blocked_child(struct watch *w) {
  int held[2], report[2];
  if (pipe(held) != 0 || pipe(report) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(held[0]);
    close(report[0]);
    start_siblings(held[1], report[1]);
    return 0;
  }
  close(held[1]);
  close(report[1]);
  w->held_r = held[0];
  w->report_r = report[0];
  return pid;
}

// In the parent: prints what became of the child.
static void report_blocked_child(pid_t pid, struct watch *w) {
  uint16_t port;
  int threads;
  if (!read_exact(w->report_r, &port, sizeof port) || !read_exact(w->report_r, &threads, sizeof threads))
    die("read report");
  printf("threads in the child before the exit: %d\n", threads);
  char c;
  printf("read of a pipe whose write end only the child held: %s (EOF)\n", result(read(w->held_r, &c, 1), errno));
  int status = wait_for(pid);
  printf("child: %s\n", status_text(status));
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  printf("bind the port the child listened on: %s\n", result(bind(s, (struct sockaddr *)&a, sizeof a), errno));
  printf("listen on it: %s\n", result(listen(s, 4), errno));
  close(s);
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  printf("open /proc/PID/stat after reaping: %s\n", result(open(path, O_RDONLY | O_CLOEXEC), errno));
  printf("wait4 again: %s\n", result(wait4(pid, NULL, WNOHANG, NULL), errno));
  close(w->held_r);
  close(w->report_r);
}
