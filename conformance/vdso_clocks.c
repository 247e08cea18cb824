// The vDSO: the kernel gives every program one (AT_SYSINFO_EHDR names an ELF image with
// __kernel_clock_gettime), and what the C library reads through it agrees with the clock
// syscalls: CLOCK_MONOTONIC and CLOCK_REALTIME within 50 ms of the syscall's answer,
// gettimeofday with CLOCK_REALTIME, monotonic time never going back over 100000 reads; a
// clock the vDSO does not answer (CPU time) and a bad clock id still work as the syscall
// does.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "conformance/testlib.h"

static long long ns_of(struct timespec ts) { return ts.tv_sec * 1000000000LL + ts.tv_nsec; }

static long long syscall_clock(clockid_t id) {
  struct timespec ts;
  if (syscall(SYS_clock_gettime, id, &ts) != 0) die("clock_gettime syscall");
  return ns_of(ts);
}

static long long libc_clock(clockid_t id) {
  struct timespec ts;
  if (clock_gettime(id, &ts) != 0) die("clock_gettime");
  return ns_of(ts);
}

static int close_to(long long a, long long b) { return (a > b ? a - b : b - a) < 50000000LL; }

int main(void) {
  start();
  const unsigned char *vdso = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
  printf("AT_SYSINFO_EHDR names an ELF image: %s\n", yes_no(vdso && memcmp(vdso, "\177ELF", 4) == 0));

  printf("CLOCK_MONOTONIC agrees with the syscall: %s\n",
         yes_no(close_to(libc_clock(CLOCK_MONOTONIC), syscall_clock(CLOCK_MONOTONIC))));
  printf("CLOCK_REALTIME agrees with the syscall: %s\n",
         yes_no(close_to(libc_clock(CLOCK_REALTIME), syscall_clock(CLOCK_REALTIME))));
  printf("CLOCK_BOOTTIME agrees with the syscall: %s\n",
         yes_no(close_to(libc_clock(CLOCK_BOOTTIME), syscall_clock(CLOCK_BOOTTIME))));
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday agrees with CLOCK_REALTIME: %s\n",
         yes_no(close_to(tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL, syscall_clock(CLOCK_REALTIME))));

  long long last = libc_clock(CLOCK_MONOTONIC);
  int backwards = 0;
  for (int i = 0; i < 100000; i++) {
    long long now = libc_clock(CLOCK_MONOTONIC);
    if (now < last) backwards++;
    last = now;
  }
  printf("CLOCK_MONOTONIC went back in 100000 reads: %d times\n", backwards);

  struct timespec ts;
  printf("CLOCK_PROCESS_CPUTIME_ID: %s, and it is above 0: %s\n",
         result(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts), errno), yes_no(ns_of(ts) > 0));
  printf("clock 12345: %s\n", result(clock_gettime(12345, &ts), errno));
  printf("clock_getres(CLOCK_MONOTONIC): %s, %lld ns\n", result(clock_getres(CLOCK_MONOTONIC, &ts), errno),
         ns_of(ts));
  return 0;
}
