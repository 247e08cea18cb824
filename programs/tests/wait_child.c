// Waits for a child that sleeps for 100 s: killed while it waits.
#include <stdio.h>
#include <sys/wait.h>

#include "programs/tests/spawn.h"

int main(void) {
  char* argv[] = {"sleeper", NULL};
  pid_t child = spawn("/bin/sleeper", argv, -1);
  int status = 0;
  pid_t r = waitpid(child, &status, 0);
  printf("wait_child: wait4 returned %d\n", r);
  return 0;
}
