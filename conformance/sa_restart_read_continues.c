// With SA_RESTART, a read of an empty pipe interrupted by a handled signal is restarted
// after the handler returns: it goes on waiting and returns the byte written later,
// for SIGUSR1 from another process and for SIGALRM from the process's own timer. (The
// handler tells the writer it ran, so the byte is written only after the interruption.)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

#include "conformance/signals.h"

static int data[2], handled_pipe[2];
static volatile int handled;

static void handler(int sig) {
  (void)sig;
  handled++;
  char c = 'h';
  write(handled_pipe[1], &c, 1);
}

// A child that waits for the parent's handler to run, then for the parent to block
// again, and writes the byte; with `sig` != 0 it sends that signal first.
static pid_t writer(int sig) {
  pid_t parent = getpid();
  pid_t child = fork_or_die();
  if (child == 0) {
    if (sig) {
      wait_state(parent, 'S');
      kill(parent, sig);
    }
    char c;
    if (!read_exact(handled_pipe[0], &c, 1)) _exit(2);
    wait_state(parent, 'S');
    write(data[1], "x", 1);
    _exit(0);
  }
  return child;
}

int main(void) {
  start();
  if (pipe(data) != 0 || pipe(handled_pipe) != 0) die("pipe");
  char c = 0;

  on_signal(SIGUSR1, handler, SA_RESTART);
  pid_t child = writer(SIGUSR1);
  long r = read(data[0], &c, 1);
  printf("read with SIGUSR1 (SA_RESTART) in between: %s, byte: %c, handler ran: %s\n", result(r, errno), c,
         yes_no(handled == 1));
  printf("child: %s\n", status_text(wait_for(child)));

  handled = 0;
  c = 0;
  on_signal(SIGALRM, handler, SA_RESTART);
  child = writer(0);
  struct itimerval it = {{0, 0}, {0, 50000}};
  if (setitimer(ITIMER_REAL, &it, NULL) != 0) die("setitimer");
  r = read(data[0], &c, 1);
  printf("read with SIGALRM (SA_RESTART) in between: %s, byte: %c, handler ran: %s\n", result(r, errno), c,
         yes_no(handled == 1));
  printf("child: %s\n", status_text(wait_for(child)));
  return 0;
}
