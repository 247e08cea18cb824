// Per-CPU data: each core's own record, found through TPIDR_EL1 (which the
// kernel keeps for itself; user mode has TPIDR_EL0). Fields here belong to
// their CPU: only code running on that CPU touches them (with IRQs masked
// where an interrupt handler on the same CPU uses them too), unless a field
// says otherwise.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::arch {

constexpr size_t kMaxCpus = 8;
// The deepest nesting of spinlocks one CPU may hold (the lock validator's
// stack, lock.h).
constexpr size_t kMaxHeldLocks = 8;

class IrqSpinLock;

struct PerCpu {
  uint32_t id = 0;        // 0 for the boot CPU, then in bring-up order
  uint64_t mpidr = 0;     // MPIDR_EL1's affinity bits: the PSCI and GIC target
  bool online = false;    // written by the CPU itself once it runs the scheduler
  uint8_t gic_mask = 0;   // its GIC CPU interface (a bit of GICD_SGIR's target list)
  // The lock validator (lock.h): what this CPU holds, innermost last.
  const IrqSpinLock* held[kMaxHeldLocks] = {};
  uint32_t held_count = 0;
  // The scheduler's per-CPU state (sched/scheduler.cc owns its meaning).
  void* current_thread = nullptr;
  void* idle_thread = nullptr;
  void* dead_thread = nullptr;  // exited here, its stack freed by the next thread here
  void* prev_thread = nullptr;  // switched away from here, until the switch completes
  bool need_resched = false;
  // Its last look at the run queue found only threads other CPUs must run
  // (affinity): its idle loop waits for an IPI instead of looking again.
  bool queue_not_here = false;
  uint32_t sched_depth = 0;     // nesting of the sched lock held by this CPU
  uint64_t irqs = 0;            // interrupts taken
  uint64_t ipis = 0;            // reschedule IPIs received
};

// The calling CPU's record (TPIDR_EL1). Valid from percpu_init_boot on.
inline PerCpu& this_cpu() {
  uint64_t v;
  asm volatile("mrs %0, tpidr_el1" : "=r"(v));
  return *reinterpret_cast<PerCpu*>(v);
}

// Every CPU's record, by id; cpu_count() CPUs are brought up (online ones
// have online set).
PerCpu& cpu_by_id(uint32_t id);
uint32_t cpu_count();

// The boot CPU: record 0, TPIDR_EL1 pointing at it. Call first thing.
void percpu_init_boot();
// A secondary CPU, on itself: TPIDR_EL1 -> record `id`.
void percpu_init_secondary(uint32_t id);
// Records how many CPUs the machine has (from the device tree) and their
// MPIDRs, before they are started.
void percpu_set_cpus(const uint64_t* mpidrs, uint32_t count);

}  // namespace akuma::arch
