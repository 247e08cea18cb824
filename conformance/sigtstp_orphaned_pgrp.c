// SIGTSTP, SIGTTIN and SIGTTOU do not stop a process of an orphaned process group (POSIX:
// they are discarded; SIGSTOP still stops it). Here the test first makes its own session
// (setsid), so its group has no parent outside it in the session: orphaned. A child in
// that group ignores SIGTSTP (its blocked read goes on) but stops on SIGSTOP; a child in a
// group of its own, whose parent (the test) is in another group of the same session,
// stops on SIGTSTP.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

// A child (in a new group if own_group) that reads one byte and exits 0 if it got it.
static pid_t reader(int fds[2], int own_group) {
  gate up;
  gate_open(&up);
  pid_t child = fork_or_die();
  if (child == 0) {
    if (own_group) setpgid(0, 0);
    gate_signal(&up);
    char c;
    ssize_t r = read(fds[0], &c, 1);
    _exit(r == 1 ? 0 : 1);
  }
  if (own_group) setpgid(child, child);
  gate_wait(&up);
  gate_close(&up);
  wait_state(child, 'S');
  return child;
}

int main(void) {
  start();
  printf("setsid: a new session led by the test: %s\n", yes_no(setsid() == getpid()));
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  int status;

  const int sigs[] = {SIGTSTP, SIGTTIN, SIGTTOU};
  const char *names[] = {"SIGTSTP", "SIGTTIN", "SIGTTOU"};
  for (int i = 0; i < 3; i++) {
    pid_t child = reader(fds, 0);
    printf("kill(child in the orphaned group, %s): %s\n", names[i], result(kill(child, sigs[i]), errno));
    sleep_ms(50);  // were it to stop, wait4 below would see it
    printf("  wait4(WUNTRACED|WNOHANG): %s\n", result(wait4(child, &status, WUNTRACED | WNOHANG, NULL), errno));
    write(fds[1], "x", 1);
    printf("  child (its read went on): %s\n", wait_text(wait_for(child)));
  }

  pid_t child = reader(fds, 0);
  kill(child, SIGSTOP);
  wait_options(child, &status, WUNTRACED);
  printf("SIGSTOP to a child in the orphaned group: %s\n", wait_text(status));
  kill(child, SIGKILL);
  printf("  then SIGKILL: %s\n", wait_text(wait_for(child)));

  child = reader(fds, 1);
  kill(child, SIGTSTP);
  wait_options(child, &status, WUNTRACED);
  printf("SIGTSTP to a child in its own group: %s\n", wait_text(status));
  kill(child, SIGCONT);
  write(fds[1], "x", 1);
  printf("  continued, child: %s\n", wait_text(wait_for(child)));
  return 0;
}
