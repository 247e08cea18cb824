#include "kernel/sched/scheduler.h"

#include "kernel/arch/aarch64/mmu.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/debug/seeded_schedule.h"
#include "kernel/lib/format.h"
#include "kernel/mm/memory.h"
#include "kernel/sched/wait_queue.h"

extern "C" void context_switch(uint64_t* save_sp, uint64_t load_sp);
extern "C" void thread_trampoline();
extern "C" void user_thread_trampoline();

namespace akuma::sched {
namespace {

constexpr size_t kMaxThreads = 256;
constexpr size_t kStackPages = 4;  // 16 KiB kernel stack per thread

Thread threads[kMaxThreads];      // slots; sched lock
uint16_t generations[kMaxThreads];  // per slot, bumped at reuse; sched lock
Thread* current_thread;           // sched lock
Thread* idle_thread;
Thread* dead_thread;              // exited, stack not yet freed; sched lock
IntrusiveList<Thread, &Thread::queue_node> run_queue;  // sched lock
IntrusiveList<Thread, &Thread::sleep_node> sleepers;   // sched lock
bool need_resched;                // set by tick/wake-ups; sched lock
uint64_t switch_count;            // sched lock
uint64_t kernel_ttbr0;
StateObserver state_observer;
UserEntryHook user_entry_hook;

void set_state(Thread* t, ThreadState s) {
  t->state = s;
  if (t->owner && state_observer) state_observer(t, s);
}

Result<Thread*> alloc_slot(const char* name) {
  for (size_t i = 0; i < kMaxThreads; ++i) {
    if (threads[i].state != ThreadState::kFree) continue;
    Thread* t = &threads[i];
    *t = Thread{};
    generations[i] = static_cast<uint16_t>(generations[i] + 1);
    if (generations[i] == 0) generations[i] = 1;  // id 0 never names a thread
    t->id.value = static_cast<uint32_t>(i) | (static_cast<uint32_t>(generations[i]) << ThreadId::kSlotBits);
    format_to(t->name, sizeof(t->name), "%s", name);
    uint64_t stack = TRY(alloc_pages(kStackPages));
    t->stack_base = stack;
    t->stack_pages = kStackPages;
    t->state = ThreadState::kBlocked;  // not runnable until fully built
    return t;
  }
  return Error::kBusy;
}

uint64_t stack_top(Thread* t) { return t->stack_base + t->stack_pages * kPageSize; }

// Builds the frame context_switch pops: x19, x20 and the return address.
void prepare_context(Thread* t, uint64_t sp, void (*trampoline)(), uint64_t x20) {
  auto* regs = reinterpret_cast<uint64_t*>(sp - 96);
  for (int i = 0; i < 12; ++i) regs[i] = 0;
  regs[0] = reinterpret_cast<uint64_t>(t);  // x19
  regs[1] = x20;                            // x20
  regs[11] = reinterpret_cast<uint64_t>(trampoline);  // x30
  t->saved_sp = sp - 96;
}

void switch_address_space(uint64_t ttbr0) {
  uint64_t target = ttbr0 ? ttbr0 : kernel_ttbr0;
  if (AKUMA_READ_SYSREG(ttbr0_el1) == target) return;
  AKUMA_WRITE_SYSREG(ttbr0_el1, target);
  arch::isb();
  // No ASIDs: user mappings of the previous space must not survive.
  asm volatile("dsb ishst\n tlbi vmalle1\n dsb ish" ::: "memory");
  arch::isb();
}

// Runs on the new thread right after a switch: frees the stack of a thread
// that exited (it could not free the stack it was running on).
void finish_switch() {
  if (Thread* d = dead_thread) {
    dead_thread = nullptr;
    free_pages(d->stack_base, d->stack_pages);
    d->stack_base = 0;
    d->state = ThreadState::kFree;
  }
}

// Picks the next thread and switches to it. Sched lock held. The caller has
// already put the current thread where it belongs (run queue, wait queue,
// dead).
void reschedule_locked() {
  need_resched = false;
  Thread* prev = current_thread;
  Thread* next = run_queue.pop_front();
  if (!next) next = idle_thread;
  if (next == prev) {
    set_state(prev, ThreadState::kRunning);
    return;
  }
  uint64_t now = now_ns();
  prev->cpu_ns += now - prev->switched_in_ns;
  prev->system_ns += now - prev->mode_since_ns;  // a thread switches out in the kernel
  ++prev->context_switches;
  ++(prev->state == ThreadState::kBlocked ? prev->voluntary_switches : prev->involuntary_switches);
  next->switched_in_ns = now;
  next->mode_since_ns = now;
  ++switch_count;
  set_state(next, ThreadState::kRunning);
  current_thread = next;
  // User state the kernel does not touch: saved for the thread leaving, loaded
  // for the one arriving. Kernel threads have none (owner == nullptr).
  if (prev->owner) arch::save_user_cpu_state(&prev->user_cpu);
  if (next->owner) arch::load_user_cpu_state(next->user_cpu);
  switch_address_space(next->ttbr0);
  context_switch(&prev->saved_sp, next->saved_sp);
  finish_switch();
}

void idle_loop(void*) {
  for (;;) {
    {
      SchedLock lock;
      // WFI with IRQs masked still wakes on a pending IRQ; it is taken when
      // the lock is released, and its exit hook switches away from idle.
      if (run_queue.empty()) arch::wait_for_interrupt();
    }
    yield();
  }
}

}  // namespace

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
  Thread* boot = &threads[0];
  generations[0] = 1;
  boot->id.value = 1u << ThreadId::kSlotBits;
  format_to(boot->name, sizeof(boot->name), "%s", boot_name);
  boot->state = ThreadState::kRunning;
  boot->switched_in_ns = boot->mode_since_ns = now_ns();
  current_thread = boot;
  auto idle = create_thread("idle", idle_loop, nullptr);
  if (!idle.ok()) panic("sched: cannot create the idle thread");
  idle_thread = idle.value();
  // The idle thread runs only when nothing else is ready.
  SchedLock lock;
  run_queue.remove(*idle_thread);
  idle_thread->state = ThreadState::kReady;
}

Result<Thread*> create_thread(const char* name, void (*entry)(void*), void* arg, void* owner) {
  SchedLock lock;
  Thread* t = TRY(alloc_slot(name));
  t->entry = entry;
  t->arg = arg;
  t->owner = owner;
  prepare_context(t, stack_top(t), thread_trampoline, 0);
  set_state(t, ThreadState::kReady);
  run_queue.push_back(*t);
  return t;
}

Result<Thread*> create_user_thread(const char* name, const arch::TrapFrame& frame,
                                   const arch::UserCpuState& cpu, uint64_t ttbr0, void* owner) {
  SchedLock lock;
  Thread* t = TRY(alloc_slot(name));  // blocked (not runnable) until start()
  t->owner = owner;
  t->ttbr0 = ttbr0;
  t->user_cpu = cpu;
  uint64_t frame_addr = align_down(stack_top(t) - sizeof(arch::TrapFrame), 16);
  *reinterpret_cast<arch::TrapFrame*>(frame_addr) = frame;
  prepare_context(t, frame_addr, user_thread_trampoline, frame_addr);
  return t;
}

void start(Thread* t) {
  SchedLock lock;
  set_state(t, ThreadState::kReady);
  run_queue.push_back(*t);
}

void discard(Thread* t) {
  SchedLock lock;
  free_pages(t->stack_base, t->stack_pages);
  t->stack_base = 0;
  t->owner = nullptr;
  t->state = ThreadState::kFree;
}

void note_kernel_entry() {
  Thread* t = current_thread;
  uint64_t now = now_ns();
  t->user_ns += now - t->mode_since_ns;
  t->mode_since_ns = now;
}

void note_user_return() {
  Thread* t = current_thread;
  uint64_t now = now_ns();
  t->system_ns += now - t->mode_since_ns;
  t->mode_since_ns = now;
}

Thread* current() { return current_thread; }

Thread* lookup(ThreadId id) {
  SchedLock lock;
  uint32_t slot = id.slot();
  if (slot >= kMaxThreads) return nullptr;
  Thread* t = &threads[slot];
  if (t->state == ThreadState::kFree || t->state == ThreadState::kDead || !(t->id == id)) return nullptr;
  return t;
}

void yield() {
  SchedLock lock;
  Thread* self = current_thread;
  if (self != idle_thread) {
    set_state(self, ThreadState::kReady);
    run_queue.push_back(*self);
  }
  reschedule_locked();
}

void exit_current() {
  arch::irq_disable();
  Thread* self = current_thread;
  if (self == idle_thread) panic("sched: the idle thread exited");
  set_state(self, ThreadState::kDead);
  // The stack we are running on is freed by finish_switch on the next thread.
  dead_thread = self;
  reschedule_locked();
  panic("sched: a dead thread was scheduled");
}

void set_address_space(uint64_t ttbr0) {
  SchedLock lock;
  current_thread->ttbr0 = ttbr0;
  switch_address_space(ttbr0);
}

void interrupt(ThreadId id) {
  SchedLock lock;
  Thread* t = lookup(id);
  if (!t) return;
  t->interrupt_pending = true;
  // A sleep has no queue, a queue wait may have no deadline: either way an
  // interruptible blocked thread is woken to see the flag.
  if (t->state == ThreadState::kBlocked && t->interruptible) {
    t->wake_reason = Thread::WakeReason::kInterrupted;
    make_ready_locked(t);
  }
}

bool interrupt_pending() {
  SchedLock lock;
  return current_thread->interrupt_pending;
}

Thread::WakeReason block_current_locked(bool interruptible, uint64_t deadline_ns) {
  Thread* self = current_thread;
  if (self == idle_thread) panic("sched: the idle thread tried to block");
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
  set_state(t, ThreadState::kReady);
  run_queue.push_back(*t);
  need_resched = true;
}

Result<void> sleep_until(uint64_t deadline_ns) {
  SchedLock lock;
  Thread* self = current_thread;
  if (self->interrupt_pending) return Error::kInterrupted;
  if (now_ns() >= deadline_ns) return {};
  if (block_current_locked(true, deadline_ns) == Thread::WakeReason::kInterrupted) return Error::kInterrupted;
  return {};
}

Result<void> sleep_ms(uint64_t ms) { return sleep_until(now_ns() + ms * 1000000ull); }

void tick() {
  uint64_t now = now_ns();
  sleepers.for_each_safe([now](Thread& t) {
    if (t.deadline_ns && now >= t.deadline_ns) {
      t.wake_reason = Thread::WakeReason::kTimedOut;
      make_ready_locked(&t);
    }
  });
  // Time slice: one tick (with a seed, a seeded 1..4: kernel/debug/seeded_schedule.h).
  // Round robin among ready threads.
  if (!run_queue.empty() && seeded_schedule::tick()) need_resched = true;
}

void irq_exit_preempt(const arch::TrapFrame& frame) {
  if (!need_resched) return;
  if (!arch::from_user(frame) && current_thread != idle_thread) return;
  yield();
}

Stats stats() {
  SchedLock lock;
  size_t live = 0;
  for (auto& t : threads) {
    if (t.state != ThreadState::kFree) ++live;
  }
  return Stats{switch_count, live};
}

void set_state_observer(StateObserver o) { state_observer = o; }
void set_user_entry_hook(UserEntryHook h) { user_entry_hook = h; }

}  // namespace akuma::sched

using namespace akuma::sched;

extern "C" [[noreturn]] void thread_start(Thread* self) {
  finish_switch();
  akuma::arch::irq_enable();
  self->entry(self->arg);
  exit_current();
}

extern "C" void user_thread_start(Thread* self) {
  finish_switch();
  if (user_entry_hook) user_entry_hook(self);
}
