// Kills itself: the kill lands on its own return to user mode, so the line
// after it is never printed.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main() {
  user::printf("kill_self: pid %ld killing itself\n", user::getpid());
  user::kill(user::getpid());
  user::printf("kill_self: still alive (wrong)\n");
  return 0;
}
