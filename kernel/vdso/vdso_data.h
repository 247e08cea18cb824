/* The vDSO's data page, written by the kernel (kernel/proc/vdso.cc) and read by the vDSO
 * code (vdso.c) in every program: mapped read-only one page below the vDSO image. Plain C:
 * the vDSO is built as C. */
#ifndef AKUMA_KERNEL_VDSO_VDSO_DATA_H_
#define AKUMA_KERNEL_VDSO_VDSO_DATA_H_

struct akuma_vdso_data {
  unsigned long long counter_hz;           /* CNTFRQ_EL0 */
  unsigned long long realtime_offset_ns;   /* CLOCK_REALTIME - CLOCK_MONOTONIC */
  unsigned long long coarse_resolution_ns; /* one scheduler tick */
};

/* Linux's clock ids and syscall numbers (the fallback path). */
#define AKUMA_VDSO_CLOCK_REALTIME 0
#define AKUMA_VDSO_CLOCK_MONOTONIC 1
#define AKUMA_VDSO_CLOCK_MONOTONIC_RAW 4
#define AKUMA_VDSO_CLOCK_REALTIME_COARSE 5
#define AKUMA_VDSO_CLOCK_MONOTONIC_COARSE 6
#define AKUMA_VDSO_CLOCK_BOOTTIME 7
#define AKUMA_VDSO_NR_CLOCK_GETTIME 113
#define AKUMA_VDSO_NR_CLOCK_GETRES 114
#define AKUMA_VDSO_NR_GETTIMEOFDAY 169

#endif
