#include "kernel/arch/aarch64/lock.h"

namespace akuma {
[[noreturn]] void panic(const char* fmt, ...);  // panic.cc (the :aarch64 library)
}

namespace akuma::arch {
namespace {

bool checks = true;

void spin_pause() { asm volatile("yield" ::: "memory"); }

}  // namespace

uint64_t IrqSpinLock::lock() {
  uint64_t daif = save_and_mask_irqs();
  acquire_masked();
  return daif;
}

void IrqSpinLock::unlock(uint64_t saved_daif) {
  release_masked();
  restore_irqs(saved_daif);
}

void IrqSpinLock::acquire_masked() {
  note_lock_taken(this);
  // Spin reading (the line stays shared) and try the exchange only when the
  // lock looks free.
  while (__atomic_load_n(&locked_, __ATOMIC_RELAXED) != 0 || __atomic_exchange_n(&locked_, 1u, __ATOMIC_ACQUIRE) != 0) {
    spin_pause();
  }
  owner_ = static_cast<int32_t>(this_cpu().id);
}

void IrqSpinLock::release_masked() {
  owner_ = -1;
  note_lock_released(this);
  __atomic_store_n(&locked_, 0u, __ATOMIC_RELEASE);
}

bool IrqSpinLock::held_by_this_cpu() const {
  return __atomic_load_n(&locked_, __ATOMIC_ACQUIRE) != 0 && owner_ == static_cast<int32_t>(this_cpu().id);
}

void note_lock_taken(const IrqSpinLock* lock) {
  PerCpu& c = this_cpu();
  if (checks) {
    for (uint32_t i = 0; i < c.held_count; ++i) {
      const IrqSpinLock* held = c.held[i];
      if (held == lock) {
        checks = false;
        panic("lock order: cpu %u takes '%s' again while holding it", c.id, lock->name());
      }
      if (held->rank() >= lock->rank()) {
        checks = false;
        panic("lock order: cpu %u takes '%s' (rank %u) while holding '%s' (rank %u)", c.id, lock->name(),
              static_cast<unsigned>(lock->rank()), held->name(), static_cast<unsigned>(held->rank()));
      }
    }
    if (c.held_count == kMaxHeldLocks) {
      checks = false;
      panic("lock order: cpu %u holds more than %zu locks taking '%s'", c.id, kMaxHeldLocks, lock->name());
    }
  }
  if (c.held_count < kMaxHeldLocks) c.held[c.held_count++] = lock;
}

void note_lock_released(const IrqSpinLock* lock) {
  PerCpu& c = this_cpu();
  for (uint32_t i = c.held_count; i-- > 0;) {
    if (c.held[i] != lock) continue;
    for (uint32_t k = i + 1; k < c.held_count; ++k) c.held[k - 1] = c.held[k];
    --c.held_count;
    return;
  }
  if (checks) {
    checks = false;
    panic("lock order: cpu %u releases '%s', which it does not hold", c.id, lock->name());
  }
}

void check_only_lock_held(const IrqSpinLock* allowed, const char* where) {
  if (!checks) return;
  PerCpu& c = this_cpu();
  for (uint32_t i = 0; i < c.held_count; ++i) {
    if (c.held[i] == allowed) continue;
    checks = false;
    panic("lock order: cpu %u holds '%s' at %s", c.id, c.held[i]->name(), where);
  }
}

void disable_lock_checks() { checks = false; }

}  // namespace akuma::arch
