// The shape of the fault_* programs: a child does one bad thing; the parent reports the
// signal that ended it and carries on.
#pragma once

#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

static inline void fault_in_child(const char *what, void (*bad)(void)) {
  pid_t pid = fork_or_die();
  if (pid == 0) {
    bad();
    printf("BUG: %s did not fault\n", what);
    _exit(1);
  }
  printf("%s: %s\n", what, status_text(wait_for(pid)));
}
