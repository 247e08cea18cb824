// Kernel threads: each has its own kernel stack and a saved context
// (callee-saved registers + sp, switch.S). User programs run on a thread too:
// its kernel stack holds the TrapFrame of the user code while it is in the
// kernel.
//
// Locking: all scheduler state (every field marked "sched lock" below, the
// run queue, wait queues, the sleep list) is guarded by the sched lock, one
// spinlock for every CPU that also masks IRQs (SchedLock, scheduler.h). It is
// the only lock a thread may hold while it blocks: the switch hands it to the
// next thread on the same CPU, which releases it when its own critical
// section ends.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/fpsimd.h"
#include "kernel/arch/aarch64/trap_frame.h"
#include "kernel/lib/intrusive_list.h"

namespace akuma::sched {

// A thread id is slot | generation << 16: when a slot is reused its
// generation changes, so a stale id never names the new thread.
struct ThreadId {
  uint32_t value = 0;
  static constexpr uint32_t kSlotBits = 16;
  uint32_t slot() const { return value & ((1u << kSlotBits) - 1); }
  bool operator==(const ThreadId& o) const { return value == o.value; }
};

enum class ThreadState : uint8_t {
  kFree,     // slot unused
  kReady,    // on the run queue
  kRunning,  // the current thread
  kBlocked,  // on a wait queue and/or the sleep list
  kDead,     // exited; its stack is freed by the next thread to run
};

const char* thread_state_name(ThreadState s);

struct Thread {
  uint64_t saved_sp = 0;  // switch.S stores the context here; sched lock
  ThreadId id;            // fixed while the slot is in use
  ThreadState state = ThreadState::kFree;  // sched lock
  char name[24] = {};
  uint64_t stack_base = 0;  // kernel stack pages (0 for the boot thread)
  size_t stack_pages = 0;
  uint64_t ttbr0 = 0;  // address space to switch to (0 = kernel only); sched lock

  uint32_t cpu = 0;        // the CPU it runs on, or last ran on; sched lock
  uint64_t allowed_cpus = ~0ull;  // bit N: it may run on CPU N (sched_setaffinity); sched lock
  bool on_cpu = false;     // some CPU runs it (until its switch away completes); sched lock
  uint32_t sched_depth = 0;  // its nesting of the sched lock while switched out
  ListNode queue_node;  // run queue or one wait queue, never both; sched lock
  ListNode sleep_node;  // sleep list while a deadline is set; sched lock
  uint64_t deadline_ns = 0;         // 0 = none; sched lock
  bool interruptible = false;       // current wait may be cut short; sched lock
  uint64_t poll_sources = 0;  // while waiting in poll: readiness_bit()s of its files; sched lock
  // Set by interrupt() (signals, kill): while set, every interruptible wait
  // fails at once with kInterrupted. Sched lock.
  bool interrupt_pending = false;
  enum class WakeReason : uint8_t { kNone, kWoken, kInterrupted, kTimedOut } wake_reason =
      WakeReason::kNone;  // sched lock

  // Accounting (sched lock): CPU time, split at the user/kernel boundary
  // (cpu_ns = user_ns + system_ns, up to the current stretch), and switches:
  // voluntary when the thread blocked, involuntary when it was preempted or
  // yielded (as Linux counts nvcsw / nivcsw).
  uint64_t cpu_ns = 0;
  uint64_t user_ns = 0;
  uint64_t system_ns = 0;
  uint64_t switched_in_ns = 0;
  uint64_t mode_since_ns = 0;  // start of the current user or kernel stretch on the CPU
  uint64_t context_switches = 0;
  uint64_t voluntary_switches = 0;
  uint64_t involuntary_switches = 0;
  uint64_t minor_faults = 0;  // user pages faulted in

  void (*entry)(void*) = nullptr;  // kernel threads: what to run
  void* arg = nullptr;
  void* owner = nullptr;  // the proc::Task this thread runs, or nullptr (kernel threads)
  // The trap frame of the thread's current entry from EL0 (syscalls that
  // rewrite it: execve, clone's copy, signal frames). Set at every user
  // trap and IRQ from EL0, and for a new user thread, its first frame.
  arch::TrapFrame* user_frame = nullptr;
  // User threads: FP/SIMD and TPIDR_EL0 while switched out (live in the CPU
  // while running). Kernel threads never use them.
  arch::UserCpuState user_cpu;
};

}  // namespace akuma::sched
