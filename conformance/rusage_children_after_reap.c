// A child's resource usage is added to its parent's RUSAGE_CHILDREN only when the parent
// reaps it with wait4, and only once: while the spinning child is a zombie the parent's
// RUSAGE_CHILDREN has not moved; after wait4 it has grown by what wait4 reported for the
// child (to the millisecond), and a second look finds the same. A grandchild that its
// parent reaped is in that parent's usage and so reaches ours with it; a grandchild left
// to the init (reaped by it, not by its parent) never does. (Seed: "resources used by
// children of a process are accumulated only as a result of a wait4 system call";
// "Bundles up a copy of the process's accumulated resource usage".)
#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/signals.h"

static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}
static long long tv_us(struct timeval tv) { return tv.tv_sec * 1000000LL + tv.tv_usec; }
static long long cpu_us(const struct rusage *ru) { return tv_us(ru->ru_utime) + tv_us(ru->ru_stime); }
static long long children_us(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_CHILDREN, &ru) != 0) die("getrusage");
  return cpu_us(&ru);
}

static void spin(long long us) {
  long long end = now_us() + us;
  while (now_us() < end) {
  }
}

int main(void) {
  start();
  long long c0 = children_us();
  printf("RUSAGE_CHILDREN before any child: 0: %s\n", yes_no(c0 == 0));

  pid_t child = fork_or_die();
  if (child == 0) {
    spin(300000);
    _exit(0);
  }
  wait_state(child, 'Z');
  printf("child spun 300 ms and is a zombie: RUSAGE_CHILDREN unchanged: %s\n", yes_no(children_us() == c0));
  int status;
  struct rusage ru;
  if (wait4(child, &status, 0, &ru) != child) die("wait4");
  long long reported = cpu_us(&ru);
  long long c1 = children_us();
  printf("wait4's rusage of the child: utime+stime at least 100 ms: %s\n", yes_no(reported >= 100000));
  printf("after wait4: RUSAGE_CHILDREN grew by the child's usage (within 1 ms): %s\n",
         yes_no(c1 - c0 >= reported - 1000 && c1 - c0 <= reported + 1000));
  printf("and again later, unchanged (counted once): %s\n", yes_no(children_us() == c1));

  // A child that spins nothing itself but reaps a grandchild that spun 300 ms.
  child = fork_or_die();
  if (child == 0) {
    pid_t g = fork_or_die();
    if (g == 0) {
      spin(300000);
      _exit(0);
    }
    wait_for(g);
    _exit(0);
  }
  if (wait4(child, &status, 0, &ru) != child) die("wait4");
  long long c2 = children_us();
  printf("a child that reaped a spinning grandchild: wait4's rusage includes it (>= 100 ms): %s\n",
         yes_no(cpu_us(&ru) >= 100000));
  printf("  and so does our RUSAGE_CHILDREN (grew >= 100 ms): %s\n", yes_no(c2 - c1 >= 100000));

  // A child that leaves its spinning grandchild to the init.
  int held[2];
  if (pipe(held) != 0) die("pipe");
  child = fork_or_die();
  if (child == 0) {
    pid_t g = fork_or_die();
    if (g == 0) {
      close(held[0]);
      spin(300000);
      _exit(0);  // reaped by the init: its parent is gone
    }
    _exit(0);
  }
  close(held[1]);
  wait_for(child);
  char c;
  read(held[0], &c, 1);  // EOF: the grandchild has exited
  long long c3 = children_us();
  printf("a grandchild reaped by the init (not its parent) never reaches us (grew < 100 ms): %s\n",
         yes_no(c3 - c2 < 100000));
  return 0;
}
