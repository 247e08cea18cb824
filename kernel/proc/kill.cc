// The signal calls: kill(2) and tgkill(2) targets, the shell's kill, faults,
// and each thread's signal state (actions, mask, alternate stack). What a
// signal does once sent is signals.cc.
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

// Table lock held. Sends a valid signal (0: nothing) from the caller.
void signal_from_locked(Process& target, int sig, const Process& sender) {
  if (sig == 0) return;
  send_to_process_locked(target, SigInfo{sig, kSiUser, sender.pid, 0, 0, 0, 0, 0});
}

constexpr uint64_t kMinSigStackSize = 5120;  // arm64's MINSIGSTKSZ

// Groups and "everyone": match first, then signal (signalling the caller
// itself only marks it; it acts on its way back to user mode). PID 0 and
// zombies never match.
template <typename Match>
Result<void> signal_matching(int sig, Match matches) {
  Process& self = current_process();
  SchedLock lock;
  bool found = false;
  for (Process& p : table) found |= p.pid != kKernelPid && p.lifecycle.alive() && matches(p);
  if (!found) return Error::kNotFound;
  if (sig < 0 || sig > kMaxSignal) return Error::kInvalidArgument;
  for (Process& p : table) {
    if (p.pid != kKernelPid && p.lifecycle.alive() && matches(p)) signal_from_locked(p, sig, self);
  }
  return {};
}

}  // namespace

Result<void> send_signal(Pid pid, int sig) {
  // Linux looks for the target first: an unknown pid is ESRCH even with a bad
  // signal, and a bad signal to a real target is EINVAL.
  bool valid = sig >= 0 && sig <= kMaxSignal;
  if (pid == -2147483647 - 1) return Error::kNotFound;  // no group -INT_MIN
  Process& self = current_process();
  if (pid > 0) {
    SchedLock lock;
    Process* p = find_locked(pid);
    if (!p) {
      // A thread id names its process (Linux's kill finds any task).
      Task* t = find_task_locked(pid);
      if (!t) return Error::kNotFound;
      p = t->process;
    }
    if (!valid) return Error::kInvalidArgument;
    if (p->pid == kKernelPid) return Error::kPermission;
    signal_from_locked(*p, sig, self);
    return {};
  }
  if (pid == -1) return signal_matching(sig, [&](const Process& p) { return p.pid != 1 && &p != &self; });
  Pid group = pid == 0 ? self.pgid : -pid;
  return signal_matching(sig, [&](const Process& p) { return p.pgid == group; });
}

Result<void> send_group_signal(Pid pgid, int sig) {
  if (pgid <= 0) return Error::kNotFound;
  return signal_matching(sig, [&](const Process& p) { return p.pgid == pgid; });
}

Result<void> send_thread_signal(Pid tgid, Pid tid, int sig) {
  Process& self = current_process();
  SchedLock lock;
  Task* t = find_task_locked(tid);
  if (!t || (tgid != -1 && t->process->pid != tgid)) return Error::kNotFound;
  if (sig < 0 || sig > kMaxSignal) return Error::kInvalidArgument;
  if (sig == 0) return {};
  send_to_task_locked(*t, SigInfo{sig, kSiTkill, self.pid, 0, 0, 0, 0, 0});
  return {};
}

bool force_fault_signal(const SigInfo& info) {
  Task* t = current_task();
  SchedLock lock;
  Process& p = *t->process;
  SigAction& a = p.signals.actions[info.signo - 1];
  uint64_t bit = signal_bit(info.signo);
  // Linux's force_sig: an ignored or blocked fault signal gets its default
  // action back and is unblocked, so the program cannot loop on the fault.
  if (a.handler == kHandlerIgnore || (t->blocked & bit)) {
    a.handler = kHandlerDefault;
    t->blocked &= ~bit;
  }
  bool kills = a.handler == kHandlerDefault;
  if (kills) {
    start_group_exit_locked(p, status_signaled(info.signo));
  } else {
    t->pending.discard(bit);  // the fault's own information wins
    t->pending.add(info);
    recalc_pending_locked(*t);
  }
  return kills;
}

Result<void> kill(Pid pid, int sig) {
  if (!valid_signal(sig)) return Error::kInvalidArgument;
  SchedLock lock;
  Process* p = find_locked(pid);
  if (!p) return Error::kNotFound;
  if (p->pid == kKernelPid) return Error::kPermission;
  if (!p->lifecycle.alive()) return {};  // a zombie: already dead
  signal_from_locked(*p, sig, kernel_process());
  if (p == &current_process()) return {};  // acts at its return to user mode
  // A signal that kills: wait until the process is a zombie.
  while ((p = find_locked(pid)) && p->lifecycle.alive() && p->group_exit) {
    TRY(p->exit_waiters.wait(sched::Wait::kInterruptible));
  }
  return {};
}

Result<void> set_signal_action(int sig, const SigAction* act, SigAction* old) {
  if (!valid_signal(sig)) return Error::kInvalidArgument;
  if (act && (sig == kSIGKILL || sig == kSIGSTOP)) return Error::kInvalidArgument;
  Process& self = current_process();
  SchedLock lock;
  if (old) *old = self.signals.action(sig);
  if (!act) return {};
  SigAction& a = self.signals.actions[sig - 1];
  a = *act;
  a.mask &= ~kUnblockable;
  // POSIX: setting a pending signal to be ignored discards it, in every
  // thread of the process.
  if (action_for(a, sig) == Action::kIgnore || action_for(a, sig) == Action::kContinue) {
    self.pending.discard(signal_bit(sig));
    for (Task& t : self.tasks) t.pending.discard(signal_bit(sig));
  }
  return {};
}

Result<void> set_signal_mask(int how, const uint64_t* set, uint64_t* old) {
  Task* t = current_task();
  if (!t) return Error::kInvalidArgument;
  SchedLock lock;
  if (old) *old = t->blocked;
  if (!set) return {};
  switch (how) {
    case 0: t->blocked |= *set; break;   // SIG_BLOCK
    case 1: t->blocked &= ~*set; break;  // SIG_UNBLOCK
    case 2: t->blocked = *set; break;    // SIG_SETMASK
    default: return Error::kInvalidArgument;
  }
  t->blocked &= ~kUnblockable;
  recalc_pending_locked(*t);  // an unblocked pending signal arrives at the return
  return {};
}

uint64_t pending_signals() {
  Task* t = current_task();
  if (!t) return 0;
  SchedLock lock;
  return t->pending.set | t->process->pending.set;
}

void set_temporary_mask(uint64_t mask) {
  Task* t = current_task();
  SchedLock lock;
  if (!t->restore_blocked) t->saved_blocked = t->blocked;
  t->restore_blocked = true;
  t->blocked = mask & ~kUnblockable;
  recalc_pending_locked(*t);
}

namespace {

bool on_alt_stack(const AltStack& s, uint64_t sp) {
  return s.enabled && sp > s.sp && sp - s.sp <= s.size;
}

}  // namespace

Result<void> set_alt_stack(const AltStack* ss, AltStack* old, bool* old_on_stack, uint64_t sp) {
  Task* t = current_task();
  if (!t) return Error::kInvalidArgument;
  bool on = on_alt_stack(t->altstack, sp);
  if (old) *old = t->altstack;
  if (old_on_stack) *old_on_stack = on;
  if (!ss) return {};
  if (on) return Error::kPermission;  // EPERM: cannot change the stack in use
  if (ss->enabled && ss->size < kMinSigStackSize) return Error::kNoMemory;
  t->altstack = ss->enabled ? *ss : AltStack{};
  return {};
}

void restore_signal_mask(uint64_t mask) {
  Task* t = current_task();
  SchedLock lock;
  t->blocked = mask & ~kUnblockable;
  t->restore_blocked = false;
  recalc_pending_locked(*t);
}

}  // namespace akuma::proc
