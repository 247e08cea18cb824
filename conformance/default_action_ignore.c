// Signals whose default action is to ignore do nothing to a process: a child blocked in
// read is sent SIGCHLD, SIGWINCH, SIGURG and SIGCONT (which only continues a stopped
// process); its read is not interrupted and returns the byte written afterwards, and it
// exits normally. Nothing stays pending either.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

int main(void) {
  start();
  int data[2];
  if (pipe(data) != 0) die("pipe");
  pid_t child = fork_or_die();
  if (child == 0) {
    char c = 0;
    ssize_t r = read(data[0], &c, 1);
    int code = r == 1 && c == 'x' ? 0 : r < 0 ? 10 + errno : 2;
    if (code == 0 && !none_pending()) code = 3;
    _exit(code);
  }
  const int sigs[] = {SIGCHLD, SIGWINCH, SIGURG, SIGCONT};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    wait_state(child, 'S');
    printf("kill(child blocked in read, SIG%s): %s\n", sigabbrev_np(sigs[i]), result(kill(child, sigs[i]), errno));
  }
  wait_state(child, 'S');
  write(data[1], "x", 1);
  printf("child (read returned the byte, nothing pending): %s\n", status_text(wait_for(child)));
  return 0;
}
