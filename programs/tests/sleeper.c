// Sleeps for the milliseconds given (default 100 s). Killed while asleep, it
// dies on its way back to user mode and never gets to the check below.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char** argv) {
  long ms = argc > 1 ? atol(argv[1]) : 100000;
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  if (nanosleep(&ts, NULL) != 0) printf("sleeper: sleep returned %s\n", strerror(errno));
  return 0;
}
