// Small CPU helpers: interrupt masking, barriers, system registers.
#pragma once

#include <stdint.h>

namespace akuma::arch {

#define AKUMA_READ_SYSREG(name)                        \
  ({                                                   \
    uint64_t _v;                                       \
    asm volatile("mrs %0, " #name : "=r"(_v));         \
    _v;                                                \
  })
#define AKUMA_WRITE_SYSREG(name, v) \
  asm volatile("msr " #name ", %0" : : "r"(static_cast<uint64_t>(v)) : "memory")

inline void irq_enable() { asm volatile("msr daifclr, #2" ::: "memory"); }
inline void irq_disable() { asm volatile("msr daifset, #2" ::: "memory"); }
inline bool irqs_enabled() { return (AKUMA_READ_SYSREG(daif) & (1 << 7)) == 0; }
inline void wait_for_interrupt() { asm volatile("wfi" ::: "memory"); }
inline void isb() { asm volatile("isb" ::: "memory"); }
inline void dsb_sy() { asm volatile("dsb sy" ::: "memory"); }

// Instructions written as data (through the linear map at `va`) become
// visible to instruction fetch: clean the data cache to the point of
// unification, invalidate the instruction cache, line by line (CTR_EL0).
inline void sync_icache(uint64_t va, uint64_t len) {
  uint64_t ctr = AKUMA_READ_SYSREG(ctr_el0);
  uint64_t dline = 4ull << ((ctr >> 16) & 0xf);
  uint64_t iline = 4ull << (ctr & 0xf);
  for (uint64_t a = va & ~(dline - 1); a < va + len; a += dline) asm volatile("dc cvau, %0" ::"r"(a) : "memory");
  asm volatile("dsb ish" ::: "memory");
  for (uint64_t a = va & ~(iline - 1); a < va + len; a += iline) asm volatile("ic ivau, %0" ::"r"(a) : "memory");
  asm volatile("dsb ish\n isb" ::: "memory");
}

// Masks IRQs for its lifetime and restores the previous state, so guards nest.
class IrqGuard {
 public:
  IrqGuard() : was_enabled_(irqs_enabled()) { irq_disable(); }
  ~IrqGuard() {
    if (was_enabled_) irq_enable();
  }
  IrqGuard(const IrqGuard&) = delete;
  IrqGuard& operator=(const IrqGuard&) = delete;

 private:
  bool was_enabled_;
};

}  // namespace akuma::arch
