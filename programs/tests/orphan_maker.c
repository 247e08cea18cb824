// Starts a child that outlives it, reports it, and exits: the child becomes
// an orphan.
#include <stdio.h>

#include "programs/tests/spawn.h"

int main(void) {
  char* argv[] = {"sleeper", "100", NULL};
  pid_t child = spawn("/bin/sleeper", argv, -1);
  printf("orphan_maker: pid %d spawned child %d\n", getpid(), child);
  return 0;
}
