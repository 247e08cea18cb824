// Round-robin preemptive scheduler for every CPU: one run queue shared by
// all of them under the sched lock (a few CPUs contend little for it, and a
// shared queue needs no balancing: any free CPU takes the next ready thread;
// kernel/sched/README.md says more).
//
// When can a thread lose the CPU?
//  - Voluntarily, anywhere: yield(), a wait queue wait, sleep, exit.
//  - Preempted by its CPU's timer tick or a reschedule IPI only at an IRQ
//    taken from EL0 or from the idle thread (irq_exit_preempt()). Kernel code
//    is never preempted in the middle; it still runs in parallel with other
//    CPUs, which is what the locks (arch/aarch64/lock.h) are for.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/lock.h"
#include "kernel/arch/aarch64/trap_frame.h"
#include "kernel/lib/result.h"
#include "kernel/sched/thread.h"

namespace akuma::sched {

// The sched lock (rank kSched): a spinlock shared by all CPUs that masks
// IRQs on its own core for its scope. It nests on one CPU, and it is the one
// lock a thread may block with: the context switch hands it to the next
// thread on the CPU.
class SchedLock {
 public:
  SchedLock();
  ~SchedLock();
  SchedLock(const SchedLock&) = delete;
  SchedLock& operator=(const SchedLock&) = delete;

 private:
  uint64_t daif_;
};
// Whether this CPU holds the sched lock (assertions).
bool sched_lock_held();
// The lock itself, for WaitQueue::wait_unlocking's callers' locks' order.
arch::IrqSpinLock& sched_lock();

// Adopts the boot thread (named `name`) as the current thread and creates the
// idle thread. Call once, with IRQs masked, before the first tick.
void init(const char* boot_name);
// A secondary CPU joins (on itself, after percpu_init_secondary, MMU and
// vectors set up, IRQs masked): it gets its idle thread and starts running
// ready threads. Never returns.
[[noreturn]] void run_secondary();
// The reschedule IPI arrived on this CPU (IRQ context).
void on_reschedule_ipi();
// How many CPUs take part in scheduling.
uint32_t online_cpus();

// A new kernel thread running entry(arg) with its own stack; it starts
// ready. When entry returns the thread exits.
Result<Thread*> create_thread(const char* name, void (*entry)(void*), void* arg,
                              void* owner = nullptr);
// A thread that starts by returning to user mode through `frame` (copied to
// the top of its kernel stack) with `cpu` as its FP/SIMD and TLS state. It is
// not runnable until start(): the caller publishes whatever names it (the
// process table) first. The user-entry hook runs on the new thread first
// (IRQs masked); it may end the thread instead (a kill before start).
Result<Thread*> create_user_thread(const char* name, const arch::TrapFrame& frame,
                                   const arch::UserCpuState& cpu, uint64_t ttbr0, void* owner);
// Makes a thread from create_user_thread runnable.
void start(Thread* t);
// Frees a thread from create_user_thread that never started.
void discard(Thread* t);

// CPU time accounting at the user/kernel boundary of the current thread:
// entering the kernel from EL0 (trap, syscall, IRQ) and returning to EL0.
void note_kernel_entry();
void note_user_return();

Thread* current();
// nullptr when the id is stale (the thread exited and its slot moved on).
Thread* lookup(ThreadId id);

// Gives the CPU to the next ready thread, if any.
void yield();
// The CPUs thread `id` may run on (bit N: CPU N, sched_setaffinity),
// limited to the online ones; kInvalidArgument (nothing changed) if that
// leaves none, kNotFound for a stale id. A thread running on a CPU it may no
// longer use moves at once.
Result<void> set_affinity(ThreadId id, uint64_t mask);
Result<uint64_t> affinity(ThreadId id);  // as set_affinity left it
// The CPU the caller runs on (it may move right after: getcpu).
uint32_t current_cpu();
// Ends the current thread. Its stack is freed by the next thread to run.
[[noreturn]] void exit_current();

// Switches the current thread's address space (a TTBR0 value, 0 = none);
// takes effect at once, and at every later switch to this thread.
void set_address_space(uint64_t ttbr0);

// Sets the thread's interrupt flag and wakes it if it is in an
// interruptible wait: while the flag is set, every interruptible wait fails
// at once with kInterrupted. Idempotent; a stale id is ignored. The process
// layer sets and clears it (signals to take, death, a stop: work for the
// thread at its return to user mode).
void interrupt(ThreadId id);
void set_interrupt_locked(Thread* t, bool on);
// Whether set_interrupt_locked sends the reschedule IPI to a victim running
// on another CPU (default on). Off only to measure what the IPI buys
// (tools/bench_spawn.sh: the victim then acts at its CPU's next tick).
void set_interrupt_ipi(bool on);
bool interrupt_pending();

// Sleeps until now_ns() >= deadline_ns; kInterrupted if interrupted.
Result<void> sleep_until(uint64_t deadline_ns);
Result<void> sleep_ms(uint64_t ms);

// Timer tick (IRQ context, each CPU's own timer): wakes expired sleepers,
// runs expired timers, requests a reschedule on this CPU.
void tick();
// IRQ exit hook: switches threads if a reschedule is due and the interrupted
// code may be preempted (see above).
void irq_exit_preempt(const arch::TrapFrame& frame);

struct Stats {
  uint64_t switches;
  size_t live_threads;
  uint32_t cpus;
};
Stats stats();

// Called on every state change of a thread that has an owner, so the
// process layer can mirror it (ready/running/blocked). Sched lock held.
using StateObserver = void (*)(Thread* t, ThreadState to);
void set_state_observer(StateObserver o);
using UserEntryHook = void (*)(Thread* t);
void set_user_entry_hook(UserEntryHook h);

// Internal to sched/: the scheduling core used by wait queues.
// current → blocked (on the sleep list too with a deadline; 0 = none) and
// switches away; returns why it was woken.
Thread::WakeReason block_current_locked(bool interruptible, uint64_t deadline_ns);
void make_ready_locked(Thread* t);  // blocked → ready
uint64_t now_ns();

}  // namespace akuma::sched
