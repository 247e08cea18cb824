#include "kernel/sched/scheduler.h"

#include "kernel/arch/aarch64/gic.h"
#include "kernel/arch/aarch64/mmu.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/arch/aarch64/percpu.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/console/console.h"
#include "kernel/debug/seeded_schedule.h"
#include "kernel/lib/format.h"
#include "kernel/mm/memory.h"
#include "kernel/sched/timer.h"
#include "kernel/sched/wait_queue.h"

extern "C" void context_switch(uint64_t* save_sp, uint64_t load_sp);
extern "C" void thread_trampoline();
extern "C" void user_thread_trampoline();

namespace akuma::sched {
namespace {

constexpr size_t kMaxThreads = 256;
constexpr size_t kStackPages = 4;  // 16 KiB kernel stack per thread
constexpr uint32_t kReschedIpi = 0;  // SGI 0

arch::IrqSpinLock the_lock("sched", arch::LockRank::kSched);

Thread threads[kMaxThreads];      // slots; sched lock
uint16_t generations[kMaxThreads];  // per slot, bumped at reuse; sched lock
IntrusiveList<Thread, &Thread::queue_node> run_queue;  // sched lock
IntrusiveList<Thread, &Thread::sleep_node> sleepers;   // sched lock
IntrusiveList<Timer, &Timer::node> timers;             // armed timers; sched lock
uint64_t switch_count;            // sched lock
uint32_t ready_count;             // threads on the run queue; sched lock (peeked without)
uint32_t online;                  // CPUs scheduling; sched lock
uint64_t kernel_ttbr0;
StateObserver state_observer;
UserEntryHook user_entry_hook;

arch::PerCpu& cpu() { return arch::this_cpu(); }

// Ready threads waiting (a racy peek: the run queue's head, no lock).
bool queue_nonempty() { return __atomic_load_n(&ready_count, __ATOMIC_RELAXED) != 0; }
Thread*& current_of(arch::PerCpu& c) { return reinterpret_cast<Thread*&>(c.current_thread); }
Thread* idle_of(arch::PerCpu& c) { return static_cast<Thread*>(c.idle_thread); }

void set_state(Thread* t, ThreadState s) {
  t->state = s;
  if (t->owner && state_observer) state_observer(t, s);
}

// A free slot for a new thread on kernel stack `stack` (kStackPages, taken by
// the caller before the sched lock: the page allocator's lock is inner),
// owned by `owner`, last on this CPU; not runnable (nor free) until fully
// built. With no slot free the stack goes back: kBusy.
Result<Thread*> alloc_slot(const char* name, uint64_t stack, void* owner) {
  for (size_t i = 0; i < kMaxThreads; ++i) {
    if (threads[i].state != ThreadState::kFree) continue;
    Thread* t = &threads[i];
    *t = Thread{};
    generations[i] = static_cast<uint16_t>(generations[i] + 1);
    if (generations[i] == 0) generations[i] = 1;  // id 0 never names a thread
    t->id.value = static_cast<uint32_t>(i) | (static_cast<uint32_t>(generations[i]) << ThreadId::kSlotBits);
    format_to(t->name, sizeof(t->name), "%s", name);
    t->stack_base = stack;
    t->stack_pages = kStackPages;
    t->owner = owner;
    t->cpu = cpu().id;
    t->state = ThreadState::kBlocked;
    return t;
  }
  free_pages(stack, kStackPages);
  return Error::kBusy;
}

uint64_t stack_top(Thread* t) { return t->stack_base + t->stack_pages * kPageSize; }

// Builds the frame context_switch pops: x19, x20 and the return address. The
// new thread starts holding the sched lock once (the switch hands it over).
void prepare_context(Thread* t, uint64_t sp, void (*trampoline)(), uint64_t x20) {
  auto* regs = reinterpret_cast<uint64_t*>(sp - 96);
  for (int i = 0; i < 12; ++i) regs[i] = 0;
  regs[0] = reinterpret_cast<uint64_t>(t);  // x19
  regs[1] = x20;                            // x20
  regs[11] = reinterpret_cast<uint64_t>(trampoline);  // x30
  t->saved_sp = sp - 96;
  t->sched_depth = 1;
}

void switch_address_space(uint64_t ttbr0) {
  uint64_t target = ttbr0 ? ttbr0 : kernel_ttbr0;
  if (AKUMA_READ_SYSREG(ttbr0_el1) == target) return;
  AKUMA_WRITE_SYSREG(ttbr0_el1, target);
  arch::isb();
  // A space with its own ASID (TTBR0 bits 63:48) finds only its own entries
  // in the TLB: nothing to flush. ASID 0 is shared by the kernel's empty
  // table and spaces created while every ASID was taken: this CPU's entries
  // of the previous such space must not survive.
  if ((target >> 48) == 0) {
    asm volatile("dsb ishst\n tlbi vmalle1\n dsb ish" ::: "memory");
    arch::isb();
  }
}

// Runs on the new thread right after a switch: frees the stack of a thread
// that exited on this CPU (it could not free the stack it was running on).
void finish_switch() {
  arch::PerCpu& c = cpu();
  if (auto* p = static_cast<Thread*>(c.prev_thread)) {
    p->on_cpu = false;  // its context is saved: another CPU may run it now
    c.prev_thread = nullptr;
  }
  if (auto* d = static_cast<Thread*>(c.dead_thread)) {
    c.dead_thread = nullptr;
    free_pages(d->stack_base, d->stack_pages);
    d->stack_base = 0;
    d->state = ThreadState::kFree;
  }
}

// A CPU other than this one should look at the run queue for `t`: the first
// idle one `t` may run on gets a reschedule IPI.
void kick_idle_cpu(const Thread* t) {
  arch::PerCpu& self = cpu();
  for (uint32_t i = 0; i < arch::cpu_count(); ++i) {
    arch::PerCpu& c = arch::cpu_by_id(i);
    if (&c == &self || !c.online || current_of(c) != idle_of(c) || !((t->allowed_cpus >> i) & 1)) continue;
    __atomic_store_n(&c.queue_not_here, false, __ATOMIC_RELAXED);
    if (c.need_resched) continue;
    c.need_resched = true;
    arch::gic::send_sgi(kReschedIpi, i);
    return;
  }
}

// The first ready thread that may run on CPU `id`, off the run queue.
Thread* take_ready_locked(uint32_t id) {
  Thread* found = nullptr;
  for (Thread& t : run_queue) {
    if ((t.allowed_cpus >> id) & 1) {
      found = &t;
      break;
    }
  }
  if (!found) return nullptr;
  decltype(run_queue)::remove(*found);
  __atomic_store_n(&ready_count, ready_count - 1, __ATOMIC_RELAXED);
  return found;
}

// A new thread joins the run queue: an idle CPU is told, but this CPU's
// running thread keeps its time slice (a woken thread, make_ready_locked,
// preempts it at the next interrupt instead).
void enqueue_new_locked(Thread* t) {
  set_state(t, ThreadState::kReady);
  run_queue.push_back(*t);
  __atomic_store_n(&ready_count, ready_count + 1, __ATOMIC_RELAXED);
  kick_idle_cpu(t);
}

// Picks the next thread and switches to it. Sched lock held. The caller has
// already put the current thread where it belongs (run queue, wait queue,
// dead).
void reschedule_locked() {
  arch::PerCpu& c = cpu();
  c.need_resched = false;
  Thread* prev = current_of(c);
  Thread* next = take_ready_locked(c.id);
  __atomic_store_n(&c.queue_not_here, !next && !run_queue.empty(), __ATOMIC_RELAXED);
  if (!next) next = idle_of(c);
  if (next == prev) {
    set_state(prev, ThreadState::kRunning);
    return;
  }
  if (next->on_cpu) panic("sched: cpu %u picked '%s', which cpu %u still runs", c.id, next->name, next->cpu);
  if (next->stack_base && (next->saved_sp < next->stack_base || next->saved_sp >= stack_top(next))) {
    panic("sched: '%s' resumes with sp 0x%lx outside its stack 0x%lx..0x%lx", next->name, next->saved_sp,
          next->stack_base, stack_top(next));
  }
  // Only the sched lock may travel with a switch.
  arch::check_only_lock_held(&the_lock, "a context switch");
  uint64_t now = now_ns();
  prev->cpu_ns += now - prev->switched_in_ns;
  prev->system_ns += now - prev->mode_since_ns;  // a thread switches out in the kernel
  ++prev->context_switches;
  ++(prev->state == ThreadState::kBlocked ? prev->voluntary_switches : prev->involuntary_switches);
  next->switched_in_ns = now;
  next->mode_since_ns = now;
  next->cpu = c.id;
  next->on_cpu = true;
  c.prev_thread = prev;
  ++switch_count;
  set_state(next, ThreadState::kRunning);
  current_of(c) = next;
  // User state the kernel does not touch: saved for the thread leaving, loaded
  // for the one arriving. Kernel threads have none (owner == nullptr).
  if (prev->owner) arch::save_user_cpu_state(&prev->user_cpu);
  if (next->owner) arch::load_user_cpu_state(next->user_cpu);
  switch_address_space(next->ttbr0);
  // The lock's nesting travels with each thread.
  prev->sched_depth = c.sched_depth;
  c.sched_depth = next->sched_depth;
  context_switch(&prev->saved_sp, next->saved_sp);
  finish_switch();
}

// Nothing to run: wait for an interrupt (a tick, a device, a reschedule IPI
// from a CPU that made a thread ready), then look again.
void idle_loop(void*) {
  for (;;) {
    arch::irq_disable();
    // A look without the lock (an idle CPU must not load the lock every
    // moment): a thread made ready after it is announced by an IPI, which
    // ends the WFI (taken once IRQs are unmasked; its exit hook switches).
    // Threads waiting only for other CPUs (affinity) do not count until a
    // kick clears queue_not_here.
    arch::PerCpu& c = cpu();
    if (!queue_nonempty() || __atomic_load_n(&c.queue_not_here, __ATOMIC_RELAXED)) arch::wait_for_interrupt();
    arch::irq_enable();
    if (queue_nonempty() && !__atomic_load_n(&c.queue_not_here, __ATOMIC_RELAXED)) yield();
  }
}

// A kernel thread, runnable at once (or, for an idle thread, never on the
// run queue: it runs only when nothing else is ready, on its own CPU).
Result<Thread*> new_kernel_thread(const char* name, void (*entry)(void*), void* arg, void* owner, bool idle) {
  uint64_t stack = TRY(alloc_pages(kStackPages));
  SchedLock lock;
  Thread* t = TRY(alloc_slot(name, stack, owner));
  t->entry = entry;
  t->arg = arg;
  prepare_context(t, stack_top(t), thread_trampoline, 0);
  if (idle) {
    t->state = ThreadState::kReady;
    cpu().idle_thread = t;
  } else {
    enqueue_new_locked(t);
  }
  return t;
}

Result<void> make_idle_thread(arch::PerCpu& c) {
  char name[16];
  format_to(name, sizeof(name), "idle%u", c.id);
  TRY(new_kernel_thread(name, idle_loop, nullptr, nullptr, true));
  return {};
}

}  // namespace

// Nested per CPU and handed over at switches: not for the analysis (thread_safety.h).
AKUMA_NO_THREAD_SAFETY_ANALYSIS SchedLock::SchedLock() : daif_(arch::save_and_mask_irqs()) {
  arch::PerCpu& c = cpu();
  if (c.sched_depth++ == 0) the_lock.acquire_masked();
}

AKUMA_NO_THREAD_SAFETY_ANALYSIS SchedLock::~SchedLock() {
  arch::PerCpu& c = cpu();
  if (--c.sched_depth == 0) the_lock.release_masked();
  arch::restore_irqs(daif_);
}

bool sched_lock_held() { return cpu().sched_depth > 0; }
arch::IrqSpinLock& sched_lock() { return the_lock; }

const char* thread_state_name(ThreadState s) {
  switch (s) {
    case ThreadState::kFree: return "free";
    case ThreadState::kReady: return "ready";
    case ThreadState::kRunning: return "running";
    case ThreadState::kBlocked: return "blocked";
    case ThreadState::kDead: return "dead";
  }
  return "?";
}

uint64_t now_ns() { return arch::timer::now_ns(); }

void init(const char* boot_name) {
  kernel_ttbr0 = arch::mmu::empty_user_table();
  set_panic_context_printer([] {
    Thread* t = current_of(cpu());
    if (!t) return;
    kprintf(", thread '%s'", t->name);
    if (t->stack_base) kprintf(" (stack 0x%lx..0x%lx)", t->stack_base, stack_top(t));
  });
  arch::PerCpu& c = cpu();
  Thread* boot = &threads[0];
  generations[0] = 1;
  boot->id.value = 1u << ThreadId::kSlotBits;
  format_to(boot->name, sizeof(boot->name), "%s", boot_name);
  boot->state = ThreadState::kRunning;
  boot->on_cpu = true;
  boot->switched_in_ns = boot->mode_since_ns = now_ns();
  current_of(c) = boot;
  arch::gic::enable(kReschedIpi, [](uint32_t) { on_reschedule_ipi(); });
  if (!make_idle_thread(c).ok()) panic("sched: cannot create the idle thread");
  SchedLock lock;
  c.online = true;
  online = 1;
}

void run_secondary() {
  arch::PerCpu& c = cpu();
  // A placeholder current thread until the idle thread runs: the CPU's
  // first switch saves its context there and never comes back to it.
  static Thread startup[arch::kMaxCpus];
  Thread* boot = &startup[c.id];
  format_to(boot->name, sizeof(boot->name), "start%u", c.id);
  boot->state = ThreadState::kDead;
  boot->cpu = c.id;
  boot->on_cpu = true;
  current_of(c) = boot;
  if (!make_idle_thread(c).ok()) panic("sched: cpu %u cannot create its idle thread", c.id);
  arch::gic::enable(kReschedIpi, [](uint32_t) { on_reschedule_ipi(); });
  SchedLock lock;
  c.online = true;
  ++online;
  // Off to the idle thread (or something ready): this context is never resumed.
  Thread* idle = idle_of(c);
  run_queue.push_front(*idle);
  __atomic_store_n(&ready_count, ready_count + 1, __ATOMIC_RELAXED);
  reschedule_locked();
  panic("sched: cpu %u's start context resumed", c.id);
}

void on_reschedule_ipi() {
  arch::PerCpu& c = cpu();
  ++c.ipis;
  c.need_resched = true;
}

uint32_t online_cpus() {
  SchedLock lock;
  return online;
}

Result<Thread*> create_thread(const char* name, void (*entry)(void*), void* arg, void* owner) {
  return new_kernel_thread(name, entry, arg, owner, false);
}

Result<Thread*> create_user_thread(const char* name, const arch::TrapFrame& frame,
                                   const arch::UserCpuState& cpu_state, uint64_t ttbr0, void* owner) {
  uint64_t stack = TRY(alloc_pages(kStackPages));
  SchedLock lock;
  Thread* t = TRY(alloc_slot(name, stack, owner));  // blocked (not runnable) until start()
  t->ttbr0 = ttbr0;
  t->user_cpu = cpu_state;
  t->allowed_cpus = current()->allowed_cpus;  // as Linux: a clone inherits its creator's affinity
  uint64_t frame_addr = align_down(stack_top(t) - sizeof(arch::TrapFrame), 16);
  *reinterpret_cast<arch::TrapFrame*>(frame_addr) = frame;
  t->user_frame = reinterpret_cast<arch::TrapFrame*>(frame_addr);
  prepare_context(t, frame_addr, user_thread_trampoline, frame_addr);
  return t;
}

void start(Thread* t) {
  SchedLock lock;
  if (t->state != ThreadState::kBlocked || t->queue_node.linked()) panic("sched: start of thread '%s', which is not new", t->name);
  enqueue_new_locked(t);
}

void discard(Thread* t) {
  uint64_t stack;
  {
    SchedLock lock;
    stack = t->stack_base;
    t->stack_base = 0;
    t->owner = nullptr;
    t->state = ThreadState::kFree;
  }
  free_pages(stack, kStackPages);
}

void note_kernel_entry() {
  Thread* t = current();
  uint64_t now = now_ns();
  t->user_ns += now - t->mode_since_ns;
  t->mode_since_ns = now;
}

void note_user_return() {
  Thread* t = current();
  uint64_t now = now_ns();
  t->system_ns += now - t->mode_since_ns;
  t->mode_since_ns = now;
}

Thread* current() {
  // A thread may move to another CPU between reading TPIDR_EL1 and its
  // record only if it is switched out there: IRQs masked keep it here.
  uint64_t daif = arch::save_and_mask_irqs();
  Thread* t = current_of(cpu());
  arch::restore_irqs(daif);
  return t;
}

Thread* lookup(ThreadId id) {
  SchedLock lock;
  uint32_t slot = id.slot();
  if (slot >= kMaxThreads) return nullptr;
  Thread* t = &threads[slot];
  if (t->state == ThreadState::kFree || t->state == ThreadState::kDead || !(t->id == id)) return nullptr;
  return t;
}

bool allowed_here(const Thread* t, const arch::PerCpu& c) {
  return (__atomic_load_n(&t->allowed_cpus, __ATOMIC_RELAXED) >> c.id) & 1;
}

void yield() {
  // Nothing else waits to run: go on without the sched lock (a racy peek; a
  // thread made ready meanwhile is an idle CPU's, or preempts at the next
  // interrupt). A thread spinning on sched_yield on one CPU then costs the
  // others nothing. Unless this CPU is no longer one the thread may run on
  // (its affinity changed): then it moves.
  if (!queue_nonempty() && allowed_here(current(), cpu())) return;
  SchedLock lock;
  arch::PerCpu& c = cpu();
  Thread* self = current_of(c);
  if (self != idle_of(c)) {
    set_state(self, ThreadState::kReady);
    run_queue.push_back(*self);
    __atomic_store_n(&ready_count, ready_count + 1, __ATOMIC_RELAXED);
    if (!allowed_here(self, c)) kick_idle_cpu(self);
  }
  reschedule_locked();
}

// Bit N: CPU N schedules. Sched lock.
uint64_t online_mask_locked() {
  uint64_t mask = 0;
  for (uint32_t i = 0; i < arch::cpu_count() && i < 64; ++i) {
    if (arch::cpu_by_id(i).online) mask |= 1ull << i;
  }
  return mask;
}

Result<void> set_affinity(ThreadId id, uint64_t mask) {
  Thread* t;
  {
    SchedLock lock;
    t = lookup(id);
    if (!t) return Error::kNotFound;
    uint64_t online_mask = online_mask_locked();
    if ((mask & online_mask) == 0) return Error::kInvalidArgument;
    __atomic_store_n(&t->allowed_cpus, mask & online_mask, __ATOMIC_RELAXED);
    if (t->state == ThreadState::kReady) {
      kick_idle_cpu(t);
    } else if (t->state == ThreadState::kRunning && !((t->allowed_cpus >> t->cpu) & 1) && t != current()) {
      // It leaves that CPU at the IPI's return (yield sees it may not stay).
      arch::PerCpu& there = arch::cpu_by_id(t->cpu);
      there.need_resched = true;
      arch::gic::send_sgi(kReschedIpi, t->cpu);
    }
  }
  if (t == current()) yield();  // moves if this CPU is no longer allowed
  return {};
}

Result<uint64_t> affinity(ThreadId id) {
  SchedLock lock;
  Thread* t = lookup(id);
  if (!t) return Error::kNotFound;
  return t->allowed_cpus & online_mask_locked();
}

uint32_t current_cpu() { return cpu().id; }

void exit_current() {
  arch::irq_disable();
  SchedLock lock;  // never released by this thread: the switch hands it on
  arch::PerCpu& c = cpu();
  Thread* self = current_of(c);
  if (self == idle_of(c)) panic("sched: the idle thread exited");
  set_state(self, ThreadState::kDead);
  // The stack we are running on is freed by finish_switch on the next thread
  // to run on this CPU.
  c.dead_thread = self;
  reschedule_locked();
  panic("sched: a dead thread was scheduled");
}

void set_address_space(uint64_t ttbr0) {
  SchedLock lock;
  current()->ttbr0 = ttbr0;
  switch_address_space(ttbr0);
}

void interrupt(ThreadId id) {
  SchedLock lock;
  if (Thread* t = lookup(id)) set_interrupt_locked(t, true);
}

bool interrupt_ipi = true;  // atomic; set_interrupt_ipi

void set_interrupt_ipi(bool on) { __atomic_store_n(&interrupt_ipi, on, __ATOMIC_RELAXED); }

void set_interrupt_locked(Thread* t, bool on) {
  if (!on) {
    t->interrupt_pending = false;
    return;
  }
  t->interrupt_pending = true;
  if (t->state == ThreadState::kBlocked && t->interruptible) {
    t->wake_reason = Thread::WakeReason::kInterrupted;
    make_ready_locked(t);
    return;
  }
  // Running on another CPU (at EL0, or in the kernel on its way back): an
  // IPI makes it trap now and see the flag at its return to user mode.
  if (t->state == ThreadState::kRunning && t->cpu != cpu().id && __atomic_load_n(&interrupt_ipi, __ATOMIC_RELAXED)) {
    arch::gic::send_sgi(kReschedIpi, t->cpu);
  }
}

bool interrupt_pending() {
  SchedLock lock;
  return current()->interrupt_pending;
}

Thread::WakeReason block_current_locked(bool interruptible, uint64_t deadline_ns) {
  arch::PerCpu& c = cpu();
  Thread* self = current_of(c);
  if (self == idle_of(c)) panic("sched: the idle thread tried to block");
  self->interruptible = interruptible;
  self->deadline_ns = deadline_ns;
  self->wake_reason = Thread::WakeReason::kNone;
  set_state(self, ThreadState::kBlocked);
  if (deadline_ns) sleepers.push_back(*self);
  reschedule_locked();
  // Whoever woke us unlinked us from the sleep list and any wait queue.
  self->interruptible = false;
  self->deadline_ns = 0;
  return self->wake_reason;
}

void make_ready_locked(Thread* t) {
  if (t->state != ThreadState::kBlocked) return;
  WaitQueue::remove(*t);
  decltype(sleepers)::remove(*t);
  enqueue_new_locked(t);
  cpu().need_resched = true;
}

Result<void> sleep_until(uint64_t deadline_ns) {
  SchedLock lock;
  Thread* self = current();
  if (self->interrupt_pending) return Error::kInterrupted;
  if (now_ns() >= deadline_ns) return {};
  if (block_current_locked(true, deadline_ns) == Thread::WakeReason::kInterrupted) return Error::kInterrupted;
  return {};
}

Result<void> sleep_ms(uint64_t ms) { return sleep_until(now_ns() + ms * 1000000ull); }

void arm_timer_locked(Timer& t, uint64_t deadline_ns) {
  if (t.deadline_ns) timers.remove(t);
  t.deadline_ns = deadline_ns;
  timers.push_back(t);
}

void cancel_timer_locked(Timer& t) {
  if (!t.deadline_ns) return;
  timers.remove(t);
  t.deadline_ns = 0;
}

void tick() {
  arch::PerCpu& c = cpu();
  // The boot CPU keeps time for everyone (timers, sleepers); the others only
  // slice time, without the lock unless something waits to run.
  if (c.id != 0) {
    if (queue_nonempty()) c.need_resched = true;
    return;
  }
  SchedLock lock;
  uint64_t now = now_ns();
  timers.for_each_safe([now](Timer& t) {
    if (now < t.deadline_ns) return;
    timers.remove(t);
    t.deadline_ns = 0;
    t.fire(&t);  // may re-arm t
  });
  sleepers.for_each_safe([now](Thread& t) {
    if (t.deadline_ns && now >= t.deadline_ns) {
      t.wake_reason = Thread::WakeReason::kTimedOut;
      make_ready_locked(&t);
    }
  });
  // Time slice: one tick (with a seed, a seeded 1..4: kernel/debug/seeded_schedule.h).
  // Round robin among ready threads.
  if (!run_queue.empty() && seeded_schedule::tick()) c.need_resched = true;
}

void irq_exit_preempt(const arch::TrapFrame& frame) {
  arch::PerCpu& c = cpu();
  if (!c.need_resched) return;
  if (!arch::from_user(frame) && current_of(c) != idle_of(c)) return;
  yield();
}

Stats stats() {
  SchedLock lock;
  size_t live = 0;
  for (auto& t : threads) {
    if (t.state != ThreadState::kFree) ++live;
  }
  return Stats{switch_count, live, online};
}

void set_state_observer(StateObserver o) { state_observer = o; }
void set_user_entry_hook(UserEntryHook h) { user_entry_hook = h; }

}  // namespace akuma::sched

using namespace akuma::sched;

// The sched lock arrives with the switch (thread_safety.h: not analysed).
extern "C" [[noreturn]] AKUMA_NO_THREAD_SAFETY_ANALYSIS void thread_start(Thread* self) {
  finish_switch();
  // The switch handed this new thread the sched lock (depth 1): let it go.
  akuma::arch::PerCpu& c = akuma::arch::this_cpu();
  if (--c.sched_depth == 0) sched_lock().release_masked();
  akuma::arch::irq_enable();
  self->entry(self->arg);
  exit_current();
}

extern "C" AKUMA_NO_THREAD_SAFETY_ANALYSIS void user_thread_start(Thread* self) {
  finish_switch();
  akuma::arch::PerCpu& c = akuma::arch::this_cpu();
  if (--c.sched_depth == 0) sched_lock().release_masked();
  // IRQs stay masked: the frame is entered next.
  if (user_entry_hook) user_entry_hook(self);
}
