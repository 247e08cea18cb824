// Spawns a long sleeper and waits for it: blocked in wait4.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main() {
  long child = user::spawn("sleeper", nullptr);
  int status = 0;
  long r = user::wait4(child, &status, 0, nullptr);
  user::printf("wait_child: wait4 returned %ld\n", r);
  return 0;
}
