// clone with fork semantics (a copy of the caller) and vfork semantics
// (CLONE_VM|CLONE_VFORK, as glibc's posix_spawn uses it: the child runs in
// the parent's address space, on its own stack, and the parent waits until
// the child execs or exits). Threads (CLONE_THREAD and friends) come later.
//
// The copy is eager: every page the parent has is copied at fork (pages of
// read-only program segments are shared, never copied).
#include "kernel/arch/aarch64/fpsimd.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/table.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

constexpr uint64_t kExitSignalMask = 0xff;
constexpr uint64_t kCloneVm = 0x00000100;
constexpr uint64_t kCloneVfork = 0x00004000;
constexpr uint64_t kCloneSettls = 0x00080000;
constexpr uint64_t kCloneParentSettid = 0x00100000;
constexpr uint64_t kCloneChildCleartid = 0x00200000;
constexpr uint64_t kCloneChildSettid = 0x01000000;
constexpr uint64_t kSupported = kExitSignalMask | kCloneVm | kCloneVfork | kCloneSettls | kCloneParentSettid |
                                kCloneChildCleartid | kCloneChildSettid;

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
  if (a.flags & kCloneChildCleartid) child->clear_child_tid = a.child_tid;
  SchedLock lock;
  child->pgid = parent.pgid;
  child->sid = parent.sid;
  child->signals = parent.signals;
  child->signals.pending = 0;  // pending signals are the parent's alone
  return child;
}

}  // namespace

Result<Pid> clone_current(const arch::TrapFrame& frame, const CloneArgs& a) {
  if (a.flags & ~kSupported) return Error::kInvalidArgument;
  // Sharing memory without waiting is a thread, which needs CLONE_THREAD.
  if ((a.flags & kCloneVm) && !(a.flags & kCloneVfork)) return Error::kInvalidArgument;
  if (!valid_signal(static_cast<int>(a.flags & kExitSignalMask)) && (a.flags & kExitSignalMask) != 0) {
    return Error::kInvalidArgument;
  }
  Process& parent = current_process();
  if (!parent.space) return Error::kInvalidArgument;  // PID 0 uses spawn()
  Process* child = TRY(copy_process(parent, a));

  arch::TrapFrame child_frame = frame;
  child_frame.x[0] = 0;
  if (a.stack) child_frame.sp_el0 = a.stack;
  arch::UserCpuState cpu;
  arch::save_user_cpu_state(&cpu);  // the parent's live registers: the kernel never touches them
  if (a.flags & kCloneSettls) cpu.tpidr_el0 = a.tls;
  auto thread = sched::create_user_thread(child->name, child_frame, cpu, child->space->ttbr0(), child);
  if (!thread.ok()) {
    destroy_unpublished(child);
    return thread.error();
  }
  Pid pid;
  {
    SchedLock lock;
    child->vfork_pending = (a.flags & kCloneVfork) != 0;
    pid = publish_locked(*child, *thread.value(), parent);
  }
  // The tid words: the child's in its own memory, the parent's in the caller's.
  if (a.flags & kCloneChildSettid) (void)UserPtr<int>{a.child_tid}.write(*child->space, pid);
  if (a.flags & kCloneParentSettid) (void)UserPtr<int>{a.parent_tid}.write(*parent.space, pid);
  sched::start(thread.value());
  if (a.flags & kCloneVfork) {
    SchedLock lock;
    // The child may finish and even be reaped (by PID 0, if we are killed
    // meanwhile) while we wait: look it up each time. A kill ends the wait.
    Process* c;
    while ((c = find_locked(pid)) && c->vfork_pending) {
      if (!c->vfork_done.wait(sched::Wait::kInterruptible).ok()) break;
    }
  }
  return pid;
}

}  // namespace akuma::proc
