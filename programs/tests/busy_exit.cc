// Computes for argv[1] loop iterations, then exits 0: a child a kill can
// catch before it runs, while it runs, or after it exited.
#include "programs/runtime/io.h"

extern "C" int main(int argc, char** argv) {
  long n = argc > 1 ? user::atoi(argv[1]) : 0;
  for (volatile long i = 0; i < n; i = i + 1) {
  }
  return 0;
}
