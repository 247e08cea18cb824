// SIGKILL ends a child spinning in user mode (it never enters the kernel by itself).
#include "conformance/kill_blocked.h"

static long spin(void *arg) {
  for (volatile unsigned long i = 0;; i++) {
  }
  return 0;
}

int main(void) {
  start();
  kill_while_blocked("spinning in a busy loop", NULL, spin, NULL, 'R');
  return 0;
}
