// A terminated child is a zombie that keeps its termination status and resource usage until
// reaped: /proc/PID/stat shows state Z, kill(pid, 0) finds it, wait4(WNOHANG) takes it at
// once with the exit code and a rusage showing the CPU time it spun; after that the pid is
// gone (kill ESRCH, /proc ENOENT, wait4 ECHILD). A child killed by a signal keeps that
// signal as its status in the same way. (Seed: "the process is then removed from the list
// of active processes ... and is placed on the list of zombie processes"; "Records the
// termination status"; "Bundles up a copy of the process's accumulated resource usage";
// "the system will copy the termination status from the deceased process. The process
// entry then is taken off the zombie list and is freed".)
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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

static void check(pid_t child, const char *what) {
  wait_state(child, 'Z');
  char path[64], fields[kStatFields][32];
  snprintf(path, sizeof path, "/proc/%d/stat", child);
  int n = read_stat_at(path, fields, NULL);
  printf("%s: /proc/PID/stat state: %s, ppid is us: %s\n", what, n > 0 ? fields[0] : "?",
         yes_no(n > 1 && atoi(fields[1]) == getpid()));
  printf("  kill(zombie, 0): %s\n", result(kill(child, 0), errno));
  int status;
  struct rusage ru;
  pid_t r = wait4(child, &status, WNOHANG, &ru);
  printf("  wait4(WNOHANG) took it: %s, %s, utime+stime >= 100 ms: %s\n", yes_no(r == child), status_text(status),
         yes_no(tv_us(ru.ru_utime) + tv_us(ru.ru_stime) >= 100000));
  printf("  then kill(pid, 0): %s\n", result(kill(child, 0), errno));
  printf("  open /proc/PID/stat: %s\n", result(open(path, O_RDONLY | O_CLOEXEC), errno));
  printf("  wait4(pid, WNOHANG): %s\n", result(wait4(child, &status, WNOHANG, NULL), errno));
}

int main(void) {
  start();
  pid_t child = fork_or_die();
  if (child == 0) {
    long long end = now_us() + 300000;
    while (now_us() < end) {
    }
    _exit(42);
  }
  check(child, "exited 42 after spinning");

  int ready[2];
  if (pipe(ready) != 0) die("pipe");
  child = fork_or_die();
  if (child == 0) {
    long long end = now_us() + 300000;
    while (now_us() < end) {
    }
    write_all(ready[1], "s", 1);
    for (;;) {
    }
  }
  char c;
  if (!read_exact(ready[0], &c, 1)) die("read");
  kill(child, SIGKILL);
  check(child, "killed by SIGKILL after spinning");
  return 0;
}
