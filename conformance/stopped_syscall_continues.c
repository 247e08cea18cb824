// A process stopped while blocked in a system call does not run until SIGCONT, and then
// its call carries on as if nothing happened (no EINTR: it had no handler): a read of a
// pipe returns the byte written while it was stopped, and a nanosleep that spans the stop
// returns 0.
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/signals.h"

int main(void) {
  start();
  int data[2], echo[2];
  if (pipe(data) != 0 || pipe(echo) != 0) die("pipe");
  pid_t child = fork_or_die();
  if (child == 0) {
    char c = '?';
    ssize_t r = read(data[0], &c, 1);
    char reply[2] = {r == 1 ? c : '!', (char)(r < 0 ? errno : 0)};
    write(echo[1], reply, 2);
    _exit(0);
  }
  wait_state(child, 'S');
  int status;
  kill(child, SIGSTOP);
  wait_options(child, &status, WUNTRACED);
  printf("reader: %s\n", wait_text(status));
  write(data[1], "x", 1);
  struct pollfd p = {.fd = echo[0], .events = POLLIN};
  printf("a stopped reader does not answer within 200 ms: %s\n", yes_no(poll(&p, 1, 200) == 0));
  kill(child, SIGCONT);
  char reply[2];
  if (!read_exact(echo[0], reply, 2)) die("read reply");
  printf("after SIGCONT its read returned the byte: %s (errno %s)\n", yes_no(reply[0] == 'x'),
         reply[1] ? errno_name(reply[1]) : "none");
  printf("reader: %s\n", status_text(wait_for(child)));

  child = fork_or_die();
  if (child == 0) {
    struct timespec ts = {0, 300 * 1000000L};
    int r = nanosleep(&ts, NULL);
    _exit(r == 0 ? 0 : 10 + errno);
  }
  wait_state(child, 'S');
  kill(child, SIGSTOP);
  wait_options(child, &status, WUNTRACED);
  printf("sleeper: %s\n", wait_text(status));
  sleep_ms(400);  // past the end of its sleep
  kill(child, SIGCONT);
  printf("sleeper (its nanosleep returned 0): %s\n", status_text(wait_for(child)));
  return 0;
}
