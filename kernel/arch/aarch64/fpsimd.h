// The user-visible CPU state that is not in the trap frame: the FP/SIMD
// registers (q0-q31, FPSR, FPCR) and the thread pointer TPIDR_EL0. The kernel
// itself never touches FP/SIMD (-mgeneral-regs-only), so while a thread is in
// the kernel these registers still hold its user values; the scheduler saves
// them when it switches a user thread out and loads them when it switches one
// in (sched/scheduler.cc), and nothing of one thread is visible to another.
#pragma once

#include <stdint.h>

namespace akuma::arch {

struct FpState {
  uint64_t v[64];  // q0..q31, low half first; layout shared with fpsimd.S
  uint32_t fpsr;
  uint32_t fpcr;
};
static_assert(sizeof(FpState) == 520, "fpsimd.S assumes this layout");

struct UserCpuState {
  alignas(16) FpState fp{};
  uint64_t tpidr_el0 = 0;
};

extern "C" void fpsimd_save(FpState* out);
extern "C" void fpsimd_load(const FpState* in);

inline uint64_t read_tpidr_el0() {
  uint64_t v;
  asm volatile("mrs %0, tpidr_el0" : "=r"(v));
  return v;
}
inline void write_tpidr_el0(uint64_t v) { asm volatile("msr tpidr_el0, %0" : : "r"(v)); }

// The current thread's live user state into `out` (fork, signal frames).
inline void save_user_cpu_state(UserCpuState* out) {
  fpsimd_save(&out->fp);
  out->tpidr_el0 = read_tpidr_el0();
}
inline void load_user_cpu_state(const UserCpuState& in) {
  fpsimd_load(&in.fp);
  write_tpidr_el0(in.tpidr_el0);
}

}  // namespace akuma::arch
