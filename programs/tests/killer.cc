// kill from a program: kills its own sleeping child, reaps it with 137, and
// gets ESRCH for a pid that does not exist.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

using namespace akuma::abi;

extern "C" int main() {
  long child = user::spawn("sleeper", nullptr);
  user::sleep_ms(20);
  long k = user::kill(child);
  int status = 0;
  long w = user::wait4(child, &status, 0, nullptr);
  user::printf("killer: kill(child) -> %ld, wait4 -> %s, exit code %d\n", k, w == child ? "child" : "?",
               shell_exit_code(status));
  user::printf("killer: kill(99999) -> %ld\n", user::kill(99999));
  user::printf("killer: kill(0) -> %ld\n", user::kill(0));
  return 0;
}
