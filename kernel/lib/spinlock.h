// Spinlock and the lock-guarded data wrapper used across the kernel.
//
// On a single core the lock matters only against interrupt handlers, so the
// kernel's IRQ-safe guard (kernel/arch/aarch64/irq.h, IrqSpinlockGuard) masks
// interrupts as well; this file holds the portable part, testable on the host.
#pragma once

#include "kernel/lib/utility.h"

namespace akuma {

class Spinlock {
 public:
  void lock() {
    while (__atomic_exchange_n(&locked_, true, __ATOMIC_ACQUIRE)) {
      while (__atomic_load_n(&locked_, __ATOMIC_RELAXED)) {
      }
    }
  }
  bool try_lock() { return !__atomic_exchange_n(&locked_, true, __ATOMIC_ACQUIRE); }
  void unlock() { __atomic_store_n(&locked_, false, __ATOMIC_RELEASE); }
  bool is_locked() const { return __atomic_load_n(&locked_, __ATOMIC_RELAXED); }

 private:
  bool locked_ = false;
};

template <typename Lock>
class LockGuard {
 public:
  explicit LockGuard(Lock& l) : lock_(l) { lock_.lock(); }
  ~LockGuard() { lock_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Lock& lock_;
};

// Data that can only be reached with its lock held:
//   Guarded<Table> table;
//   table.with([](Table& t) { ... });
template <typename T, typename Lock = Spinlock>
class Guarded {
 public:
  template <typename F>
  auto with(F f) {
    LockGuard<Lock> g(lock_);
    return f(value_);
  }
  Lock& lock() { return lock_; }

 private:
  Lock lock_;
  T value_{};
};

}  // namespace akuma
