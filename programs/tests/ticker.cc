// Prints a numbered line every argv[2] ms, argv[1] times: a long-running
// program whose output should reach its reader as it is written.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  int count = argc > 1 ? user::atoi(argv[1]) : 5;
  int every = argc > 2 ? user::atoi(argv[2]) : 100;
  for (int i = 1; i <= count; ++i) {
    user::printf("tick %d\n", i);
    if (i < count) user::sleep_ms(every);
  }
  return 0;
}
