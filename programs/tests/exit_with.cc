// Prints a line and exits with the code given as its argument (default 0).
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  int code = argc > 1 ? user::atoi(argv[1]) : 0;
  user::printf("exit_with: pid %ld, exiting with %d\n", user::getpid(), code);
  return code;
}
