// Exit releases a process's memory before its parent reaps it: a child that touched 32 MiB
// takes that much free memory (sysinfo's freeram drops by at least 24 MiB); once it has
// exited -- still a zombie, not reaped -- the free memory is back within 8 MiB of where it
// was, and stays so after the reap. (Seed: "Releasing virtual-memory resources", before
// the process "is placed on the list of zombie processes".)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "conformance/signals.h"

enum { kMiB = 1 << 20, kTouched = 32 * kMiB };

static long long free_bytes(void) {
  struct sysinfo si;
  if (sysinfo(&si) != 0) die("sysinfo");
  return (long long)si.freeram * si.mem_unit;
}

int main(void) {
  start();
  gate touched, go;
  gate_open(&touched);
  gate_open(&go);
  long long before = free_bytes();
  pid_t child = fork_or_die();
  if (child == 0) {
    char *p = mmap(NULL, kTouched, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) _exit(1);
    memset(p, 0x5a, kTouched);
    gate_signal(&touched);
    gate_wait(&go);
    _exit(0);
  }
  gate_wait(&touched);
  long long during = free_bytes();
  gate_signal(&go);
  wait_state(child, 'Z');
  long long zombie = free_bytes();
  printf("free memory dropped by at least 24 MiB while the child lived: %s\n", yes_no(before - during >= 24LL * kMiB));
  printf("it came back (within 8 MiB) once the child was a zombie: %s\n", yes_no(zombie >= before - 8LL * kMiB));
  printf("child: %s\n", status_text(wait_for(child)));
  long long after = free_bytes();
  printf("and stays back after the reap: %s\n", yes_no(after >= before - 8LL * kMiB));
  return 0;
}
