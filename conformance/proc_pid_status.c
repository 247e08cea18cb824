// /proc/PID/status of live processes, read from outside: the lines Name, State, Tgid, Pid,
// PPid and Threads for a child blocked in read with two more threads, for one of its
// threads through /proc/PID/task/TID/status, and for a stopped child; print the lines whose
// values are the same on every kernel and run, and relations for the rest.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static int quiet[2], tids[2];

static void *block(void *arg) {
  (void)arg;
  pid_t tid = gettid();
  write_all(tids[1], &tid, sizeof tid);
  char c;
  read(quiet[0], &c, 1);
  return NULL;
}

static void line(pid_t pid, const char *key) {
  char value[128];
  if (proc_status_line(pid, key, value) != 0) printf("  %s: (missing)\n", key);
  else printf("  %s:\t%s\n", key, value);
}

static long number(pid_t pid, const char *key) {
  char value[128];
  return proc_status_line(pid, key, value) == 0 ? atol(value) : -1;
}

int main(void) {
  start();
  if (pipe(quiet) != 0 || pipe(tids) != 0) die("pipe");
  pid_t child = fork_or_die();
  if (child == 0) {
    pthread_t t;
    pthread_create(&t, NULL, block, (void *)0);
    pthread_create(&t, NULL, block, (void *)1);
    char c;
    read(quiet[0], &c, 1);
    _exit(0);
  }
  pid_t tid[2];
  if (!read_exact(tids[0], tid, sizeof tid)) die("read tids");
  wait_state(child, 'S');
  wait_task_state(child, tid[0], 'S');
  wait_task_state(child, tid[1], 'S');
  printf("child blocked in read, with two more threads:\n");
  line(child, "Name");
  line(child, "State");
  line(child, "Threads");
  printf("  Tgid and Pid are the child: %s, PPid is us: %s\n",
         yes_no(number(child, "Tgid") == child && number(child, "Pid") == child),
         yes_no(number(child, "PPid") == getpid()));

  char path[96], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/task/%d/status", child, tid[0]);
  read_small_file(path, buf, sizeof buf);
  char *pid_line = strstr(buf, "\nPid:");
  char *tgid_line = strstr(buf, "\nTgid:");
  printf("one of its threads (task/TID/status): Pid is the tid: %s, Tgid the child: %s\n",
         yes_no(pid_line && atol(pid_line + 5) == tid[0]), yes_no(tgid_line && atol(tgid_line + 6) == child));

  kill(child, SIGSTOP);
  int status;
  wait_options(child, &status, WUNTRACED);
  printf("stopped:\n");
  line(child, "State");
  kill(child, SIGKILL);
  wait_for(child);

  pid_t spinner = fork_or_die();
  if (spinner == 0) {
    for (;;) {
    }
  }
  printf("spinning child:\n");
  line(spinner, "State");
  line(spinner, "Threads");
  kill(spinner, SIGKILL);
  wait_for(spinner);
  return 0;
}
