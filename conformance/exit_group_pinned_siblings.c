// At 4 CPUs (issue 10): exit_group from a thread on CPU 1 while its three siblings, pinned
// to CPUs 0, 2 and 3 with sched_setaffinity, are blocked in read() of a pipe nobody writes.
// Each thread says which CPU it runs on (getcpu) once pinned; the process ends with the
// status given, its pipe ends closed before the parent reaps it, and the parent's own
// affinity mask is untouched (all four CPUs). Run 20 times.
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

enum { kRounds = 20 };

static int never[2];     // nobody writes: the siblings block reading it
static int sib[2];       // in the child: each pinned sibling writes the CPU it runs on
static int report[2];    // child -> parent: those three CPUs, then the exiter's
static pid_t tids[3];

static int pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set);
}

static void *sibling(void *arg) {
  int cpu = (int)(long)arg;
  tids[cpu == 0 ? 0 : cpu - 1] = (pid_t)syscall(SYS_gettid);
  char on = pin(cpu) == 0 ? (char)('0' + sched_getcpu()) : '?';
  write_all(sib[1], &on, 1);
  char c;
  read_exact(never[0], &c, 1);  // blocks until the process ends
  return NULL;
}

static int child(void) {
  if (pin(1) != 0 || pipe(sib) != 0) return 90;
  pthread_t t;
  static const int cpus[3] = {0, 2, 3};
  for (int i = 0; i < 3; i++) {
    if (pthread_create(&t, NULL, sibling, (void *)(long)cpus[i]) != 0) return 91;
  }
  char seen[3];
  for (int i = 0; i < 3; i++) read_exact(sib[0], &seen[i], 1);
  for (int i = 0; i < 3; i++) wait_thread_state(tids[i], 'S');
  int on_one = sched_getcpu() == 1;
  char line[5] = {seen[0], seen[1], seen[2], on_one ? '1' : '?', '\n'};
  write_all(report[1], line, 5);
  syscall(SYS_exit_group, 7);
  return 92;
}

int main(void) {
  start();
  int exited7 = 0, placed = 0, eof = 0;
  for (int r = 0; r < kRounds; r++) {
    if (pipe(never) != 0 || pipe(report) != 0) die("pipe");
    pid_t pid = fork_or_die();
    if (pid == 0) _exit(child());
    close(never[0]);
    close(report[1]);
    char got[8] = {0};
    for (int i = 0; i < 8; i++) {
      if (read(report[0], &got[i], 1) != 1) break;
    }
    // The three siblings' CPUs in the order they reported (any order), then the exiter's.
    int cpus_seen = 0;
    for (int i = 0; i < 3; i++) cpus_seen |= got[i] >= '0' && got[i] <= '3' ? 1 << (got[i] - '0') : 0;
    placed += cpus_seen == (1 | 4 | 8) && got[3] == '1';
    eof += got[5] == 0;  // the read above ended at EOF: every write end closed
    close(report[0]);
    int status = wait_for(pid);
    exited7 += WIFEXITED(status) && WEXITSTATUS(status) == 7;
    close(never[1]);
  }
  cpu_set_t mine;
  int all_four = sched_getaffinity(0, sizeof mine, &mine) == 0 && CPU_COUNT(&mine) == 4;
  printf("rounds in which the siblings ran on CPUs 0, 2, 3 and the exiter on CPU 1: %d of %d\n", placed, kRounds);
  printf("children that ended with exit status 7: %d of %d\n", exited7, kRounds);
  printf("their report pipe reached EOF before the reap: %s\n", yes_no(eof == kRounds));
  printf("the parent may still run on all 4 CPUs: %s\n", yes_no(all_four));
  return 0;
}
