// SIGKILL ends a child sleeping in nanosleep at once.
#include <time.h>

#include "conformance/kill_blocked.h"

static long sleep_long(void *arg) {
  struct timespec ts = {3600, 0};
  return nanosleep(&ts, NULL);
}

int main(void) {
  start();
  kill_while_blocked("blocked in nanosleep", NULL, sleep_long, NULL, 'S');
  printf("parent carries on: yes\n");
  return 0;
}
