// Gives up the CPU the number of times given (default 10000).
#include <sched.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10000;
  for (int i = 0; i < n; ++i) sched_yield();
  return 0;
}
