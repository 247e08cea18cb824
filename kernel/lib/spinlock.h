// Spinlock and a lock-guarded data wrapper: the portable locking primitives,
// tested on the host.
//
// The kernel runs on one core, where the only concurrency is an interrupt
// handler or a preempted thread, so its locks (the scheduler's and the net
// lock) are IRQ masking: arch::IrqGuard in kernel/arch/aarch64/cpu.h. These
// primitives are for code that must also be correct with more than one core.
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
