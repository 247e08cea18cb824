// Benchmark (not a test; the spawn benchmark kernel runs it, tools/bench_spawn.sh):
// how many fork+_exit+wait cycles, and fork+exec+exit+wait cycles (posix_spawn
// of /bin/quick_exit, glibc's vfork path), a program gets through per second,
// and what the copying fork costs per page the parent has.
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char* what, long cycles, double seconds) {
  printf("bench: %s: %ld cycles in %.0f ms = %.0f cycles/s\n", what, cycles, seconds * 1000, cycles / seconds);
}

int main(void) {
  double start = now();
  long cycles = 0;
  while (now() - start < 2.0) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    waitpid(pid, NULL, 0);
    ++cycles;
  }
  report("fork+exit+wait", cycles, now() - start);

  // A bigger parent: 4 MiB more touched memory makes every fork copy it.
  size_t big = 4 << 20;
  volatile char* block = malloc(big);
  for (size_t i = 0; i < big; i += 4096) block[i] = 1;
  start = now();
  cycles = 0;
  while (now() - start < 2.0) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    waitpid(pid, NULL, 0);
    ++cycles;
  }
  report("fork+exit+wait with 4 MiB more touched", cycles, now() - start);
  free((void*)block);

  char* argv[] = {"quick_exit", NULL};
  start = now();
  cycles = 0;
  while (now() - start < 2.0) {
    pid_t pid;
    if (posix_spawn(&pid, "/bin/quick_exit", NULL, NULL, argv, environ) != 0) return 1;
    waitpid(pid, NULL, 0);
    ++cycles;
  }
  report("posix_spawn+exit+wait", cycles, now() - start);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("bench: the benchmark's own peak RSS: %ld KiB\n", ru.ru_maxrss);
  return 0;
}
