// Sends itself SIGKILL: it never prints the second line.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  printf("kill_self: pid %d killing itself\n", getpid());
  fflush(stdout);
  kill(getpid(), SIGKILL);
  printf("kill_self: still alive (wrong)\n");
  return 0;
}
