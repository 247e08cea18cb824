// Kernel spinlocks: a test-and-test-and-set lock that also masks IRQs on
// its own core (an interrupt handler on the same core could otherwise spin on
// a lock its CPU already holds), and the lock-order validator.
//
// Not a ticket lock, on purpose: the kernel runs on virtual CPUs (QEMU's
// threads) that the host deschedules at will. With tickets, a waiter whose
// vCPU is descheduled when its turn comes holds up every waiter behind it
// although the lock is free (measured: four CPUs spinning for tens of
// seconds, with 4 vCPUs per QEMU and three QEMUs on 2 host cores). Whoever
// runs takes a free lock here, as Linux's qspinlock falls back to a
// test-and-set lock in guests without paravirtual spinlocks
// (virt_spin_lock). The price is fairness under contention.
//
// The lock order. Every lock has a rank; a CPU may take a lock only while
// every lock it already holds has a lower rank, so no two CPUs can ever
// wait for each other. The ranks, outermost first:
//
//   kFdTable   a process's descriptor table (never held while a file is used)
//   kNet       the network stack (net::Interface and the socket table)
//   kDevice    a device's rings (virtio-net), also taken by its IRQ handler
//   kSched     the scheduler: threads, run queue, wait queues, the process
//              table and everything marked "table lock", pipes, futexes
//   kSpace     one address space (regions, page tables, user copies)
//   kConsole   the serial console's output (one whole kprintf at a time)
//   kEntropy   the random generator
//   kHeap      the kernel heap
//   kPages     the page allocator
//
// Checked on every acquisition (always on: the check is a few loads): taking
// a lock out of order panics with both locks' names and ranks. No lock but
// the sched lock may be held across a context switch (the scheduler checks).
#pragma once

#include <stdint.h>

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/percpu.h"
#include "kernel/lib/thread_safety.h"

namespace akuma::arch {

enum class LockRank : uint8_t {
  kFdTable = 10,
  kNet = 20,
  kDevice = 25,
  kSched = 30,
  kSpace = 40,
  kConsole = 50,
  kEntropy = 55,
  kHeap = 60,
  kPages = 70,
};

class AKUMA_CAPABILITY("spinlock") IrqSpinLock {
 public:
  constexpr IrqSpinLock(const char* name, LockRank rank) : name_(name), rank_(rank) {}
  IrqSpinLock(const IrqSpinLock&) = delete;
  IrqSpinLock& operator=(const IrqSpinLock&) = delete;

  // Masks IRQs first; the state before is returned for unlock.
  uint64_t lock() AKUMA_ACQUIRE();
  void unlock(uint64_t saved_daif) AKUMA_RELEASE();
  // For locks taken with IRQs already masked and kept masked (the sched
  // lock's transfer across a context switch).
  void acquire_masked() AKUMA_ACQUIRE();
  void release_masked() AKUMA_RELEASE();

  bool held_by_this_cpu() const;
  const char* name() const { return name_; }
  LockRank rank() const { return rank_; }

 private:
  const char* name_;
  LockRank rank_;
  uint32_t locked_ = 0;   // atomic: 1 while held
  int32_t owner_ = -1;    // the holding CPU's id, -1 when free (diagnostics)
};

// RAII: holds `lock` for the scope.
class AKUMA_SCOPED_CAPABILITY IrqLockGuard {
 public:
  explicit IrqLockGuard(IrqSpinLock& lock) AKUMA_ACQUIRE(lock) : lock_(lock), daif_(lock.lock()) {}
  ~IrqLockGuard() AKUMA_RELEASE() { lock_.unlock(daif_); }
  IrqLockGuard(const IrqLockGuard&) = delete;
  IrqLockGuard& operator=(const IrqLockGuard&) = delete;

 private:
  IrqSpinLock& lock_;
  uint64_t daif_;
};

// The validator's hooks (lock.cc): note a lock taken or released by this CPU.
void note_lock_taken(const IrqSpinLock* lock);
void note_lock_released(const IrqSpinLock* lock);
// Panics naming the lock if this CPU holds any lock but `allowed` (nullptr:
// none): a context switch, a return to user mode.
void check_only_lock_held(const IrqSpinLock* allowed, const char* where);
// A panic stops checking (its report must print whatever is held).
void disable_lock_checks();

// DAIF save/restore around a critical section.
inline uint64_t save_and_mask_irqs() {
  uint64_t daif = AKUMA_READ_SYSREG(daif);
  irq_disable();
  return daif;
}
inline void restore_irqs(uint64_t daif) { AKUMA_WRITE_SYSREG(daif, daif); }

}  // namespace akuma::arch
