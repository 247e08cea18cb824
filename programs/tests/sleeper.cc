// Sleeps for argv[1] ms (default: a long time), then exits 0.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  int ms = argc > 1 ? user::atoi(argv[1]) : 100000;
  long r = user::sleep_ms(ms);
  // Killed while asleep, the process dies on its way back to user mode and
  // never gets here.
  if (r != 0) user::printf("sleeper: sleep returned %ld\n", r);
  return 0;
}
