// FP/SIMD state and TPIDR_EL0 belong to each process: two processes each load their own
// pattern into v0-v31, FPCR, FPSR and TPIDR_EL0, give the CPU away (sched_yield straight
// from the same asm block, so nothing else touches the registers) and check that the
// registers still hold their own pattern, many times over, never the other's.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

enum { kRounds = 300 };

struct fpstate {
  uint64_t v[64];  // q0..q31, low then high half
  uint64_t fpcr, fpsr, tpidr;
};

// Loads `in`, yields, stores into `out`; restores FPCR, FPSR and TPIDR_EL0 as they were.
static void yield_with(const struct fpstate *in, struct fpstate *out) {
  __asm__ volatile(
      "mrs x12, fpcr\n"
      "mrs x13, fpsr\n"
      "mrs x14, tpidr_el0\n"
      "ldp q0, q1, [%[in], #0]\n"
      "ldp q2, q3, [%[in], #32]\n"
      "ldp q4, q5, [%[in], #64]\n"
      "ldp q6, q7, [%[in], #96]\n"
      "ldp q8, q9, [%[in], #128]\n"
      "ldp q10, q11, [%[in], #160]\n"
      "ldp q12, q13, [%[in], #192]\n"
      "ldp q14, q15, [%[in], #224]\n"
      "ldp q16, q17, [%[in], #256]\n"
      "ldp q18, q19, [%[in], #288]\n"
      "ldp q20, q21, [%[in], #320]\n"
      "ldp q22, q23, [%[in], #352]\n"
      "ldp q24, q25, [%[in], #384]\n"
      "ldp q26, q27, [%[in], #416]\n"
      "ldp q28, q29, [%[in], #448]\n"
      "ldp q30, q31, [%[in], #480]\n"
      "ldr x9, [%[in], #512]\n"
      "ldr x10, [%[in], #520]\n"
      "ldr x11, [%[in], #528]\n"
      "msr fpcr, x9\n"
      "msr fpsr, x10\n"
      "msr tpidr_el0, x11\n"
      "mov x8, #124\n"  // sched_yield
      "svc #0\n"
      "mrs x9, fpcr\n"
      "mrs x10, fpsr\n"
      "mrs x11, tpidr_el0\n"
      "msr fpcr, x12\n"
      "msr fpsr, x13\n"
      "msr tpidr_el0, x14\n"
      "stp q0, q1, [%[out], #0]\n"
      "stp q2, q3, [%[out], #32]\n"
      "stp q4, q5, [%[out], #64]\n"
      "stp q6, q7, [%[out], #96]\n"
      "stp q8, q9, [%[out], #128]\n"
      "stp q10, q11, [%[out], #160]\n"
      "stp q12, q13, [%[out], #192]\n"
      "stp q14, q15, [%[out], #224]\n"
      "stp q16, q17, [%[out], #256]\n"
      "stp q18, q19, [%[out], #288]\n"
      "stp q20, q21, [%[out], #320]\n"
      "stp q22, q23, [%[out], #352]\n"
      "stp q24, q25, [%[out], #384]\n"
      "stp q26, q27, [%[out], #416]\n"
      "stp q28, q29, [%[out], #448]\n"
      "stp q30, q31, [%[out], #480]\n"
      "str x9, [%[out], #512]\n"
      "str x10, [%[out], #520]\n"
      "str x11, [%[out], #528]\n"
      :
      : [in] "r"(in), [out] "r"(out)
      : "x0", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6",
        "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22",
        "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
}

// A process's pattern; `fpcr`: rounding mode and flush-to-zero bits; `fpsr`: sticky flags.
static void make_pattern(struct fpstate *s, uint64_t seed, uint64_t fpcr, uint64_t fpsr) {
  fill_pattern((uint8_t *)s->v, sizeof s->v, &seed);
  s->fpcr = fpcr;
  s->fpsr = fpsr;
  s->tpidr = seed;
}

// Rounds in which the registers came back different from what was loaded.
static int run(const struct fpstate *mine) {
  int bad = 0;
  for (int i = 0; i < kRounds; i++) {
    struct fpstate got;
    memset(&got, 0, sizeof got);
    yield_with(mine, &got);
    bad += memcmp(mine, &got, sizeof got) != 0;
  }
  return bad;
}

int main(void) {
  start();
  struct fpstate parent, child;
  make_pattern(&parent, 0x1111111111111111ULL, 1UL << 22 | 1UL << 24, 0x08000001);  // RP, FZ; QC, IOC
  make_pattern(&child, 0x2222222222222222ULL, 2UL << 22 | 1UL << 25, 0x00000016);   // RM, DN; IXC, OFC, DZC
  pid_t pid = fork_or_die();
  if (pid == 0) _exit(run(&child) ? 1 : 0);
  int bad = run(&parent);
  printf("parent: %d rounds, registers always its own: %s\n", kRounds, yes_no(bad == 0));
  printf("child: %s (0: registers always its own)\n", status_text(wait_for(pid)));
  return 0;
}
