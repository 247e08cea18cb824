// Prints "tick N" COUNT times (default 5), EVERY ms apart (default 100).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char** argv) {
  int count = argc > 1 ? atoi(argv[1]) : 5;
  int every = argc > 2 ? atoi(argv[2]) : 100;
  for (int i = 1; i <= count; ++i) {
    printf("tick %d\n", i);
    fflush(stdout);
    if (i < count) {
      struct timespec ts = {every / 1000, (every % 1000) * 1000000L};
      nanosleep(&ts, NULL);
    }
  }
  return 0;
}
