// Counts to the number given, then exits 0: a short burst of CPU.
#include <stdlib.h>

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 0;
  for (volatile long i = 0; i < n; i = i + 1) {
  }
  return 0;
}
