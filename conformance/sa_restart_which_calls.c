// Which blocking calls SA_RESTART restarts (signal(7)): with a handler installed with
// SA_RESTART, a SIGUSR1 from another process interrupts each call in turn; wait4 and accept
// are restarted (wait4 returns the child once it exits, accept the connection made later),
// while nanosleep, ppoll and pause return -1 EINTR regardless.
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/signals.h"

static int handled_pipe[2];
static volatile int handled;

static void handler(int sig) {
  (void)sig;
  handled++;
  char c = 'h';
  write(handled_pipe[1], &c, 1);
}

// A child that signals the parent once it blocks, waits for the handler to have run and
// the parent to block again, then calls then(arg) (which lets the parent's call finish).
static pid_t interrupter(void (*then)(void *), void *arg) {
  pid_t parent = getpid();
  pid_t child = fork_or_die();
  if (child == 0) {
    wait_state(parent, 'S');
    kill(parent, SIGUSR1);
    char c;
    if (!read_exact(handled_pipe[0], &c, 1)) _exit(2);
    if (then) {
      wait_state(parent, 'S');
      then(arg);
    }
    _exit(0);
  }
  return child;
}

static void connect_to(void *arg) { close(tcp_connect(*(uint16_t *)arg)); }
static void nothing(void *arg) { (void)arg; }

static void report(const char *call, long r, int err, pid_t child) {
  printf("%s: %s, handler ran: %s\n", call, result(r, err), yes_no(handled == 1));
  if (child > 0) printf("  interrupter: %s\n", status_text(wait_for(child)));
  handled = 0;
}

int main(void) {
  start();
  if (pipe(handled_pipe) != 0) die("pipe");
  on_signal(SIGUSR1, handler, SA_RESTART);

  // wait4: the interrupter itself is the child waited for; it exits after the handler ran.
  pid_t child = interrupter(nothing, NULL);
  int status;
  long r = wait4(child, &status, 0, NULL);
  printf("wait4 (restarted): returned the child: %s, %s, handler ran: %s\n", yes_no(r == child), status_text(status),
         yes_no(handled == 1));
  handled = 0;

  uint16_t port;
  int listener = tcp_listener(&port);
  child = interrupter(connect_to, &port);
  int conn = accept(listener, NULL, NULL);
  printf("accept (restarted): a connection: %s, handler ran: %s\n", yes_no(conn >= 0), yes_no(handled == 1));
  printf("  interrupter: %s\n", status_text(wait_for(child)));
  handled = 0;
  close(conn);
  close(listener);

  child = interrupter(NULL, NULL);
  struct timespec ts = {30, 0};
  r = nanosleep(&ts, &ts);
  report("nanosleep(30 s)", r, errno, child);

  int quiet[2];
  if (pipe(quiet) != 0) die("pipe");
  struct pollfd p = {.fd = quiet[0], .events = POLLIN};
  child = interrupter(NULL, NULL);
  r = ppoll(&p, 1, NULL, NULL);
  report("ppoll(no timeout)", r, errno, child);

  child = interrupter(NULL, NULL);
  r = pause();
  report("pause", r, errno, child);
  return 0;
}
