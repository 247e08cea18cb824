// Starting a program from /bin the POSIX way: fork, then execv in the child
// (with stdout on `out_fd` when it is >= 0). The child exits 127 if the exec
// fails.
#pragma once

#include <unistd.h>

static inline pid_t spawn(const char* path, char* const argv[], int out_fd) {
  pid_t pid = fork();
  if (pid == 0) {
    if (out_fd >= 0) dup2(out_fd, 1);
    execv(path, argv);
    _exit(127);
  }
  return pid;
}
