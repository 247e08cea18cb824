// clone: fork semantics (a copy of the caller), vfork semantics
// (CLONE_VM|CLONE_VFORK, as glibc's posix_spawn uses it: the child runs in
// the parent's address space, on its own stack, and the parent waits until
// the child execs or exits), and threads (CLONE_THREAD with the flags glibc's
// pthread_create passes: the new thread shares the caller's process —
// memory, descriptors, working directory, signal actions).
//
// The copy is eager: every page the parent has is copied at fork (pages of
// read-only program segments are shared, never copied).
#include "kernel/arch/aarch64/fpsimd.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

constexpr uint64_t kExitSignalMask = 0xff;
constexpr uint64_t kCloneVm = 0x00000100;
constexpr uint64_t kCloneFs = 0x00000200;
constexpr uint64_t kCloneFiles = 0x00000400;
constexpr uint64_t kCloneSighand = 0x00000800;
constexpr uint64_t kCloneVfork = 0x00004000;
constexpr uint64_t kCloneThread = 0x00010000;
constexpr uint64_t kCloneSysvsem = 0x00040000;
constexpr uint64_t kCloneSettls = 0x00080000;
constexpr uint64_t kCloneParentSettid = 0x00100000;
constexpr uint64_t kCloneChildCleartid = 0x00200000;
constexpr uint64_t kCloneDetached = 0x00400000;  // ignored, as Linux does
constexpr uint64_t kCloneChildSettid = 0x01000000;
constexpr uint64_t kSupported = kExitSignalMask | kCloneVm | kCloneFs | kCloneFiles | kCloneSighand | kCloneVfork |
                                kCloneThread | kCloneSysvsem | kCloneSettls | kCloneParentSettid |
                                kCloneChildCleartid | kCloneDetached | kCloneChildSettid;
// What a thread shares with its process in this kernel: all of it.
constexpr uint64_t kThreadShares = kCloneVm | kCloneFs | kCloneFiles | kCloneSighand;

Result<void> check_flags(uint64_t f) {
  if (f & ~kSupported) return Error::kInvalidArgument;
  // Linux's rules: a thread shares the signal actions, which need the memory.
  if ((f & kCloneThread) && !(f & kCloneSighand)) return Error::kInvalidArgument;
  if ((f & kCloneSighand) && !(f & kCloneVm)) return Error::kInvalidArgument;
  if (f & kCloneThread) {
    // Threads share descriptors and the working directory here (they live
    // in the process); a thread without them is refused, not half made.
    if ((f & kThreadShares) != kThreadShares || (f & kCloneVfork)) return Error::kInvalidArgument;
    return {};
  }
  // Processes: sharing memory without waiting (or sharing descriptors, the
  // directory or actions with another process) is not supported.
  if ((f & kCloneVm) && !(f & kCloneVfork)) return Error::kInvalidArgument;
  if (f & (kCloneFs | kCloneFiles | kCloneSighand)) return Error::kInvalidArgument;
  int sig = static_cast<int>(f & kExitSignalMask);
  if (sig != 0 && !valid_signal(sig)) return Error::kInvalidArgument;
  return {};
}

// Everything but the thread: the child as a copy of `parent`.
Result<Process*> copy_process(Process& parent, const CloneArgs& a) {
  auto* child = new (fallible) Process;
  if (!child) return Error::kNoMemory;
  if (a.flags & kCloneVm) {
    parent.space->retain();
    child->space = parent.space;
  } else {
    auto space = parent.space->clone();
    if (!space.ok()) {
      delete child;
      return space.error();
    }
    child->space = space.value();
  }
  child->fds.copy_from(parent.fds);
  child->cwd = parent.cwd;
  __builtin_memcpy(child->name, parent.name, sizeof(child->name));
  __builtin_memcpy(child->exe, parent.exe, sizeof(child->exe));
  child->exit_signal = static_cast<int>(a.flags & kExitSignalMask);
  init_real_timer(*child);
  SchedLock lock;
  child->pgid = parent.pgid;
  child->sid = parent.sid;
  child->signals = parent.signals;  // pending signals stay the parent's alone
  return child;
}

// The new thread's registers: the caller's, with x0 = 0 and its own stack
// and thread pointer if given.
Result<sched::Thread*> make_thread(const char* name, const arch::TrapFrame& frame, const CloneArgs& a,
                                   AddressSpace& space, Task* task) {
  arch::TrapFrame child_frame = frame;
  child_frame.x[0] = 0;
  if (a.stack) child_frame.sp_el0 = a.stack;
  arch::UserCpuState cpu;
  arch::save_user_cpu_state(&cpu);  // the caller's live registers: the kernel never touches them
  if (a.flags & kCloneSettls) cpu.tpidr_el0 = a.tls;
  return sched::create_user_thread(name, child_frame, cpu, space.ttbr0(), task);
}

Result<Pid> clone_thread(Task& self, const arch::TrapFrame& frame, const CloneArgs& a) {
  Process& p = *self.process;
  auto* task = new (fallible) Task;
  if (!task) return Error::kNoMemory;
  auto thread = make_thread(p.name, frame, a, *p.space, task);
  if (!thread.ok()) {
    delete task;
    // No thread slot left: EAGAIN, as pthread_create expects at a limit.
    return thread.error() == Error::kBusy ? Error::kWouldBlock : thread.error();
  }
  task->thread = thread.value();
  if (a.flags & kCloneChildCleartid) task->clear_child_tid = a.child_tid;
  Pid tid;
  {
    SchedLock lock;
    // A dying process makes no new threads (exit_group racing
    // pthread_create): the caller dies at its return to user mode.
    if (must_die_locked(self)) {
      sched::discard(thread.value());
      delete task;
      return Error::kInterrupted;
    }
    task->blocked = self.blocked;
    add_task_locked(p, *task);
    tid = task->tid;
  }
  // The tid words, in the shared memory, before the thread runs.
  if (a.flags & kCloneChildSettid) (void)UserPtr<int>{a.child_tid}.write(*p.space, tid);
  if (a.flags & kCloneParentSettid) (void)UserPtr<int>{a.parent_tid}.write(*p.space, tid);
  sched::start(thread.value());
  return tid;
}

}  // namespace

Result<Pid> clone_current(const arch::TrapFrame& frame, const CloneArgs& a) {
  TRY(check_flags(a.flags));
  Task* self = current_task();
  if (!self) return Error::kInvalidArgument;  // PID 0 uses spawn()
  if (a.flags & kCloneThread) return clone_thread(*self, frame, a);
  Process& parent = *self->process;
  Process* child = TRY(copy_process(parent, a));
  auto* task = new (fallible) Task;
  if (!task) {
    destroy_unpublished(child);
    return Error::kNoMemory;
  }
  auto thread = make_thread(child->name, frame, a, *child->space, task);
  if (!thread.ok()) {
    delete task;
    destroy_unpublished(child);
    return thread.error() == Error::kBusy ? Error::kWouldBlock : thread.error();
  }
  task->thread = thread.value();
  if (a.flags & kCloneChildCleartid) task->clear_child_tid = a.child_tid;
  task->altstack = self->altstack;
  Pid pid;
  {
    SchedLock lock;
    if (must_die_locked(*self)) {
      sched::discard(thread.value());
      delete task;
      destroy_unpublished(child);
      return Error::kInterrupted;
    }
    task->blocked = self->blocked;
    child->vfork_pending = (a.flags & kCloneVfork) != 0;
    pid = publish_locked(*child, *task, parent);
  }
  // The tid words: the child's in its own memory, the parent's in the caller's.
  if (a.flags & kCloneChildSettid) (void)UserPtr<int>{a.child_tid}.write(*child->space, pid);
  if (a.flags & kCloneParentSettid) (void)UserPtr<int>{a.parent_tid}.write(*parent.space, pid);
  sched::start(thread.value());
  if (a.flags & kCloneVfork) {
    SchedLock lock;
    // The child may finish and even be reaped (by PID 0, if we are killed
    // meanwhile) while we wait: look it up each time. Only death ends the
    // wait early (as Linux's killable wait): a handled signal waits, as
    // the child may be running on the caller's stack (vfork()).
    Process* c;
    while ((c = find_locked(pid)) && c->vfork_pending && !must_die_locked(*self)) {
      (void)c->vfork_done.wait(sched::Wait::kUninterruptible);
    }
  }
  return pid;
}

}  // namespace akuma::proc
