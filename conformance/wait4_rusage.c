// The rusage wait4 reports for a child that spun on the CPU is plausible: user+system time
// at least a good part of the time it spun, never more than it lived; RUSAGE_CHILDREN of
// the parent then includes it.
#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/testlib.h"

static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long long tv_us(struct timeval tv) { return tv.tv_sec * 1000000LL + tv.tv_usec; }

enum { kSpinUs = 300000 };

int main(void) {
  start();
  long long before = now_us();
  pid_t pid = fork_or_die();
  if (pid == 0) {
    // Mostly user-mode work between clock reads: on a kernel without a vDSO each read is a
    // syscall, and a slow kernel (an instrumented build) must not turn the spin into
    // system time.
    long long end = now_us() + kSpinUs;
    while (now_us() < end) {
      for (volatile int i = 0; i < 10000; i = i + 1) {
      }
    }
    _exit(0);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid) die("wait4");
  long long lived = now_us() - before;
  long long cpu = tv_us(ru.ru_utime) + tv_us(ru.ru_stime);
  printf("spinning child: %s\n", status_text(status));
  printf("utime+stime > 0: %s\n", yes_no(cpu > 0));
  printf("utime+stime at least a third of the spin: %s\n", yes_no(cpu >= kSpinUs / 3));
  printf("utime+stime no more than the child lived: %s\n", yes_no(cpu <= lived));
  printf("utime at least stime (it spun in user mode): %s\n", yes_no(tv_us(ru.ru_utime) >= tv_us(ru.ru_stime)));
  printf("maxrss > 0: %s\n", yes_no(ru.ru_maxrss > 0));
  struct rusage children;
  if (getrusage(RUSAGE_CHILDREN, &children) != 0) die("getrusage");
  long long total = tv_us(children.ru_utime) + tv_us(children.ru_stime);
  printf("RUSAGE_CHILDREN includes the reaped child: %s\n", yes_no(total >= cpu));
  return 0;
}
