// Calls yield argv[1] times (default 10000): two of these ping-pong between
// address spaces, which the benchmark times.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  int n = argc > 1 ? user::atoi(argv[1]) : 10000;
  for (int i = 0; i < n; ++i) user::yield();
  return 0;
}
