// The registers saved on every exception entry (vectors.S builds this on the
// kernel stack). The layout is shared with vectors.S: keep the offsets in sync.
#pragma once

#include <stdint.h>

namespace akuma::arch {

struct TrapFrame {
  uint64_t x[31];   // x0..x30 (x29 = frame pointer, x30 = link register)
  uint64_t sp_el0;  // user stack pointer
  uint64_t elr;     // where the exception was taken (return address)
  uint64_t spsr;    // saved PSTATE; bits [3:0] tell the exception level
  uint64_t esr;     // syndrome: why
  uint64_t far;     // faulting address for aborts
};
static_assert(sizeof(TrapFrame) == 36 * 8, "vectors.S assumes 288 bytes");

inline bool from_user(const TrapFrame& f) { return (f.spsr & 0xf) == 0; }

}  // namespace akuma::arch
