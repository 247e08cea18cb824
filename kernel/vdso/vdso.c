// The vDSO: clock_gettime, gettimeofday and clock_getres without a syscall,
// as Linux's arm64 vDSO provides them (glibc, static programs included,
// finds these symbols through AT_SYSINFO_EHDR, version LINUX_2.6.39). The
// clocks are read from the virtual counter (CNTVCT_EL0, readable at EL0:
// the kernel sets CNTKCTL_EL1.EL0VCTEN) with the kernel's data page
// (vdso_data.h) mapped just below this image. Other clocks (the CPU-time
// ones) and bad arguments go to the real syscall, so errors are the kernel's.
//
// Freestanding, position independent, no relocations: the image is mapped
// read-only as it is in the file.
#include "kernel/vdso/vdso_data.h"

#define NSEC_PER_SEC 1000000000ull

typedef long long i64;
typedef unsigned long long u64;

struct ts {
  i64 sec;
  i64 nsec;
};
struct tv {
  i64 sec;
  i64 usec;
};

extern const struct akuma_vdso_data vdso_data __attribute__((visibility("hidden")));

static long syscall2(long nr, long a, long b) {
  register long x8 __asm__("x8") = nr;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
  return x0;
}

static u64 counter(void) {
  u64 v;
  // The ISB keeps the read from being taken early (Linux's vDSO does the same).
  __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v)::"memory");
  return v;
}

static u64 monotonic_ns(void) {
  u64 count = counter();
  u64 freq = vdso_data.counter_hz;
  return (count / freq) * NSEC_PER_SEC + (count % freq) * NSEC_PER_SEC / freq;
}

// The clocks this page answers; -1 for the others.
static int read_clock(int id, u64* ns) {
  switch (id) {
    case AKUMA_VDSO_CLOCK_REALTIME:
    case AKUMA_VDSO_CLOCK_REALTIME_COARSE:
      *ns = vdso_data.realtime_offset_ns + monotonic_ns();
      return 0;
    case AKUMA_VDSO_CLOCK_MONOTONIC:
    case AKUMA_VDSO_CLOCK_MONOTONIC_RAW:
    case AKUMA_VDSO_CLOCK_MONOTONIC_COARSE:
    case AKUMA_VDSO_CLOCK_BOOTTIME:
      *ns = monotonic_ns();
      return 0;
    default:
      return -1;
  }
}

int __kernel_clock_gettime(int id, struct ts* out) {
  u64 ns;
  if (!out || read_clock(id, &ns) != 0) return (int)syscall2(AKUMA_VDSO_NR_CLOCK_GETTIME, id, (long)out);
  out->sec = (i64)(ns / NSEC_PER_SEC);
  out->nsec = (i64)(ns % NSEC_PER_SEC);
  return 0;
}

int __kernel_gettimeofday(struct tv* tv, void* tz) {
  if (tz) return (int)syscall2(AKUMA_VDSO_NR_GETTIMEOFDAY, (long)tv, (long)tz);
  if (tv) {
    u64 ns = vdso_data.realtime_offset_ns + monotonic_ns();
    tv->sec = (i64)(ns / NSEC_PER_SEC);
    tv->usec = (i64)(ns % NSEC_PER_SEC / 1000);
  }
  return 0;
}

int __kernel_clock_getres(int id, struct ts* out) {
  u64 ns;
  if (read_clock(id, &ns) != 0) return (int)syscall2(AKUMA_VDSO_NR_CLOCK_GETRES, id, (long)out);
  if (out) {
    int coarse = id == AKUMA_VDSO_CLOCK_REALTIME_COARSE || id == AKUMA_VDSO_CLOCK_MONOTONIC_COARSE;
    out->sec = 0;
    out->nsec = coarse ? (i64)vdso_data.coarse_resolution_ns : 1;
  }
  return 0;
}
