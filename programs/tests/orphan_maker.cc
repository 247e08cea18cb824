// Spawns a child that outlives it, reports the child's parent, and exits.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main() {
  const char* argv[] = {"sleeper", "100", nullptr};
  long child = user::spawn("sleeper", argv);
  user::printf("orphan_maker: pid %ld spawned child %ld\n", user::getpid(), child);
  return 0;
}
