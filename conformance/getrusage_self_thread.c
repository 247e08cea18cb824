// getrusage of the caller is plausible: RUSAGE_SELF's user time grows by a good part of
// 300 ms spent spinning; a thread that only sleeps meanwhile has next to no user time
// of its own (RUSAGE_THREAD) although its process's (RUSAGE_SELF) grew; each blocking
// nanosleep counts a voluntary context switch (ru_nvcsw, for SELF and THREAD); touching
// 8 MiB of new memory adds minor faults (ru_minflt) and raises ru_maxrss by at least 6 MiB
// (in KiB). An unknown `who` is EINVAL.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "conformance/signals.h"

static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}
static long long tv_us(struct timeval tv) { return tv.tv_sec * 1000000LL + tv.tv_usec; }
static struct rusage usage(int who) {
  struct rusage ru;
  if (getrusage(who, &ru) != 0) die("getrusage");
  return ru;
}
static void spin(long long us) {
  long long end = now_us() + us;
  while (now_us() < end) {
  }
}

static int go[2], done[2];
static struct rusage thread_before, thread_after, self_seen_by_thread;

static void *sleeper(void *arg) {
  (void)arg;
  thread_before = usage(RUSAGE_THREAD);
  char c;
  read_exact(go[0], &c, 1);  // blocked while main spins
  thread_after = usage(RUSAGE_THREAD);
  self_seen_by_thread = usage(RUSAGE_SELF);
  return NULL;
}

int main(void) {
  start();
  if (pipe(go) != 0 || pipe(done) != 0) die("pipe");
  struct rusage s0 = usage(RUSAGE_SELF);
  pthread_t t;
  if (pthread_create(&t, NULL, sleeper, NULL) != 0) die("pthread_create");
  spin(300000);
  struct rusage s1 = usage(RUSAGE_SELF);
  struct rusage main_thread = usage(RUSAGE_THREAD);
  write_all(go[1], "x", 1);
  pthread_join(t, NULL);
  long long grew = tv_us(s1.ru_utime) - tv_us(s0.ru_utime);
  printf("RUSAGE_SELF utime grew by at least 100 ms while spinning 300 ms: %s\n", yes_no(grew >= 100000));
  printf("and by no more than the time that passed: %s\n", yes_no(grew <= 300000 + 5000000));
  printf("the main thread's RUSAGE_THREAD utime is most of it (>= 100 ms): %s\n",
         yes_no(tv_us(main_thread.ru_utime) >= 100000));
  printf("the sleeping thread's RUSAGE_THREAD utime grew by less than 50 ms: %s\n",
         yes_no(tv_us(thread_after.ru_utime) - tv_us(thread_before.ru_utime) < 50000));
  printf("its RUSAGE_SELF (the process) includes the spin: %s\n",
         yes_no(tv_us(self_seen_by_thread.ru_utime) >= tv_us(s1.ru_utime)));

  struct rusage v0 = usage(RUSAGE_SELF), vt0 = usage(RUSAGE_THREAD);
  for (int i = 0; i < 5; i++) sleep_ms(20);  // long enough that none has passed before it blocks
  struct rusage v1 = usage(RUSAGE_SELF), vt1 = usage(RUSAGE_THREAD);
  printf("five blocking nanosleeps: RUSAGE_SELF ru_nvcsw grew by at least 5: %s\n",
         yes_no(v1.ru_nvcsw - v0.ru_nvcsw >= 5));
  printf("RUSAGE_THREAD ru_nvcsw grew by at least 5: %s\n", yes_no(vt1.ru_nvcsw - vt0.ru_nvcsw >= 5));

  struct rusage m0 = usage(RUSAGE_SELF);
  size_t len = 8u << 20;
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) die("mmap");
  memset(p, 1, len);
  struct rusage m1 = usage(RUSAGE_SELF);
  printf("touching 8 MiB: ru_minflt grew: %s\n", yes_no(m1.ru_minflt > m0.ru_minflt));
  printf("ru_maxrss grew by at least 6 MiB: %s\n", yes_no(m1.ru_maxrss - m0.ru_maxrss >= 6 * 1024));
  printf("ru_maxrss > 0: %s\n", yes_no(m1.ru_maxrss > 0));
  struct rusage junk;
  printf("getrusage(who = 42): %s\n", result(getrusage(42, &junk), errno));
  return 0;
}
