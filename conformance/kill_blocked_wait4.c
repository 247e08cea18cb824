// SIGKILL ends a child blocked in wait4 for its own child; that grandchild lives on.
#include <sys/wait.h>

#include "conformance/kill_blocked.h"

static gate hold;
static int report[2];
static pid_t grandchild;

static void start_grandchild(void *arg) {
  grandchild = fork_or_die();
  if (grandchild == 0) {
    close(hold.fds[1]);
    gate_wait(&hold);  // until the test lets it go
    _exit(0);
  }
  write(report[1], &grandchild, sizeof grandchild);
}

static long wait_for_grandchild(void *arg) {
  int status;
  return wait4(grandchild, &status, 0, NULL);
}

int main(void) {
  start();
  gate_open(&hold);
  if (pipe(report) != 0) die("pipe");
  kill_while_blocked("blocked in wait4", start_grandchild, wait_for_grandchild, NULL, 'S');
  if (read(report[0], &grandchild, sizeof grandchild) != sizeof grandchild) die("read grandchild pid");
  printf("the grandchild outlives its killed parent: %s\n", result(kill(grandchild, 0), errno));
  gate_close(&hold);
  return 0;
}
