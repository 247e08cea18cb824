// Exit codes as a parent sees them: _exit(N) keeps the low 8 bits, exit() runs atexit
// handlers first, and main's return value is the process's exit status (the init prints it).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conformance/testlib.h"

static void handler(void) { printf("child: atexit handler ran\n"); }

int main(void) {
  start();
  const int codes[] = {0, 1, 42, 127, 255, 256, 257, -1};
  for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    pid_t pid = fork_or_die();
    if (pid == 0) _exit(codes[i]);
    printf("_exit(%d): %s\n", codes[i], status_text(wait_for(pid)));
  }
  pid_t pid = fork_or_die();
  if (pid == 0) {
    atexit(handler);
    exit(5);
  }
  printf("exit(5) with an atexit handler: %s\n", status_text(wait_for(pid)));
  pid = fork_or_die();
  if (pid == 0) {
    printf("child: no newline before _exit");
    _exit(6);  // stdio's buffer is not flushed by _exit: the text never appears
  }
  printf("_exit(6) with unflushed output: %s\n", status_text(wait_for(pid)));
  printf("main returns 7\n");
  return 7;
}
