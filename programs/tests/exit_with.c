// Prints its pid and exits with the code given (default 0).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  int code = argc > 1 ? atoi(argv[1]) : 0;
  printf("exit_with: pid %d, exiting with %d\n", getpid(), code);
  return code;
}
