// /proc/PID/stat of live processes, read from outside (beyond the seed, which says a
// running process's usage cannot be read until it ends): its own pid and name "(test)",
// the state R for a spinning child, S for one blocked in read, T for a stopped one and Z
// for a zombie; ppid (field 4) is the parent, pgrp (5) and session (6) what getpgid and
// getsid say, num_threads (20) counts the threads, and utime+stime (14, 15) grows while the
// child spins.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static int stat_of(pid_t pid, char fields[kStatFields][32], char *comm) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  return read_stat_at(path, fields, comm);
}

static long long cpu_ticks(pid_t pid) { return proc_stat_field(pid, 14) + proc_stat_field(pid, 15); }

static void *block(void *arg) {
  char c;
  read(*(int *)arg, &c, 1);
  return NULL;
}

int main(void) {
  start();
  char fields[kStatFields][32], comm[64];
  char self_path[64];
  snprintf(self_path, sizeof self_path, "/proc/%d/stat", getpid());
  char raw[1024];
  read_small_file(self_path, raw, sizeof raw);
  printf("/proc/self/stat starts with our pid: %s\n", yes_no(atoi(raw) == getpid()));
  int n = stat_of(getpid(), fields, comm);
  printf("our name: (%s), our state: %s, at least 20 fields: %s\n", comm, fields[0], yes_no(n + 2 >= 20));

  pid_t spinner = fork_or_die();
  if (spinner == 0) {
    for (;;) {
    }
  }
  stat_of(spinner, fields, comm);
  printf(
      "spinning child: name (%s), state %s, ppid is us: %s, pgrp is getpgid: %s, session is getsid: %s, "
      "threads %s\n",
      comm, fields[0], yes_no(atoi(fields[1]) == getpid()), yes_no(atoi(fields[2]) == getpgid(spinner)),
      yes_no(atoi(fields[3]) == getsid(spinner)), fields[17]);
  long long t0 = cpu_ticks(spinner);
  long long t1 = t0;
  for (int i = 0; i < 300 && t1 <= t0; i++) {
    sleep_ms(10);
    t1 = cpu_ticks(spinner);
  }
  printf("utime+stime >= 0: %s, and it grows while the child spins: %s\n", yes_no(t0 >= 0), yes_no(t1 > t0));
  kill(spinner, SIGKILL);
  wait_for(spinner);

  int quiet[2];
  if (pipe(quiet) != 0) die("pipe");
  gate up;
  gate_open(&up);
  pid_t reader = fork_or_die();
  if (reader == 0) {
    pthread_t t;
    pthread_create(&t, NULL, block, &quiet[0]);
    pthread_create(&t, NULL, block, &quiet[0]);
    gate_signal(&up);
    char c;
    read(quiet[0], &c, 1);
    _exit(0);
  }
  gate_wait(&up);
  wait_state(reader, 'S');
  stat_of(reader, fields, comm);
  printf("child blocked in read, with two more threads: state %s, threads %s\n", fields[0], fields[17]);
  kill(reader, SIGSTOP);
  int status;
  wait_options(reader, &status, WUNTRACED);
  stat_of(reader, fields, comm);
  printf("stopped: state %s\n", fields[0]);
  kill(reader, SIGKILL);
  wait_state(reader, 'Z');
  stat_of(reader, fields, comm);
  printf("killed, not reaped: state %s\n", fields[0]);
  wait_for(reader);
  printf("reaped: /proc/PID/stat readable: %s\n", yes_no(stat_of(reader, fields, comm) > 0));
  return 0;
}
