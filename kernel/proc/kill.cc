// Signals to processes: kill(2) and the shell's kill. A fatal signal follows
// the seed's sequence, with the victim doing its own teardown at a safe point
// (xv6 / SerenityOS style), so every step is idempotent:
//   1. record the signal and set the thread's sticky interrupt flag;
//   2. wake the blocked thread: its interruptible wait returns kInterrupted,
//      the syscall releases what it holds and returns EINTR;
//   3-7. at its return to user mode (or at once if it was preempted in user
//      mode, or before it ever ran) the victim runs exit with the signal:
//      descriptors (sockets) closed, memory freed, status 128+signal in the
//      shell, zombie, parent woken, thread terminated.
// Racing an exit: whoever reaches the zombie transition first decides the
// status; the other finds it taken.
#include "kernel/proc/api.h"
#include "kernel/proc/table.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

// Table lock held. Sends a valid signal (or 0) to a live or zombie process.
void signal_locked(Process& p, int sig) {
  if (sig == 0 || !p.lifecycle.alive()) return;
  switch (disposition(p.signals, sig)) {
    case Disposition::kDiscard:
      return;
    case Disposition::kTerminate:
      if (p.kill_signal == 0) p.kill_signal = sig;
      sched::interrupt(p.thread_id);
      return;
    case Disposition::kPending:
    case Disposition::kStop:
      // Handlers and job control arrive with signal frames and stopped
      // processes; until then the signal waits in the pending set.
      p.signals.pending |= signal_bit(sig);
      return;
    case Disposition::kContinue:
      p.signals.pending &= ~(signal_bit(kSIGSTOP) | signal_bit(kSIGTSTP) | signal_bit(kSIGTTIN) |
                             signal_bit(kSIGTTOU));
      return;
  }
}

// Table lock held. Pending signals whose default action now applies (the
// mask was lifted, or the handler reset) take effect; ignored ones go.
void settle_pending_locked(Process& p) {
  for (int sig = 1; sig <= kMaxSignal; ++sig) {
    if (!(p.signals.pending & signal_bit(sig))) continue;
    Disposition d = disposition(p.signals, sig);
    if (d == Disposition::kPending || d == Disposition::kStop) continue;
    p.signals.pending &= ~signal_bit(sig);
    signal_locked(p, sig);
  }
}

}  // namespace

Result<void> send_signal(Pid pid, int sig) {
  // Linux looks for the target first: an unknown pid is ESRCH even with a bad
  // signal, and a bad signal to a real target is EINVAL.
  bool valid = sig >= 0 && sig <= kMaxSignal;
  if (pid == -2147483647 - 1) return Error::kNotFound;  // no group -INT_MIN
  Process& self = current_process();
  SchedLock lock;
  if (pid > 0) {
    Process* p = find_locked(pid);
    if (!p) return Error::kNotFound;
    if (!valid) return Error::kInvalidArgument;
    if (p->pid == kKernelPid) return Error::kPermission;
    signal_locked(*p, sig);
    return {};
  }
  // Groups and "everyone": match first, then signal (signalling the caller
  // itself only marks it; it dies on its way back to user mode).
  Pid group = pid == 0 ? self.pgid : -pid;
  auto matches = [&](const Process& p) {
    if (p.pid == kKernelPid) return false;
    return pid == -1 ? (p.pid != 1 && &p != &self) : p.pgid == group;
  };
  bool found = false;
  for (Process& p : table) found |= matches(p);
  if (!found) return Error::kNotFound;
  if (!valid) return Error::kInvalidArgument;
  for (Process& p : table) {
    if (matches(p)) signal_locked(p, sig);
  }
  return {};
}

Result<void> kill(Pid pid, int sig) {
  if (!valid_signal(sig)) return Error::kInvalidArgument;
  SchedLock lock;
  Process* p = find_locked(pid);
  if (!p) return Error::kNotFound;
  if (p->pid == kKernelPid) return Error::kPermission;
  if (!p->lifecycle.alive()) return {};  // a zombie: already dead
  signal_locked(*p, sig);
  if (p == &current_process()) return {};  // dies at its return to user mode
  while ((p = find_locked(pid)) && p->lifecycle.alive() && p->kill_signal != 0) {
    TRY(p->exit_waiters.wait(sched::Wait::kInterruptible));
  }
  return {};
}

Result<void> set_signal_action(int sig, const SigAction* act, SigAction* old) {
  if (!valid_signal(sig)) return Error::kInvalidArgument;
  if (act && (sig == kSIGKILL || sig == kSIGSTOP)) return Error::kInvalidArgument;
  Process& self = current_process();
  SchedLock lock;
  if (old) *old = self.signals.actions[sig - 1];
  if (act) {
    self.signals.actions[sig - 1] = *act;
    self.signals.actions[sig - 1].mask &= ~kUnblockable;
    settle_pending_locked(self);  // POSIX: ignoring a pending signal discards it
  }
  return {};
}

Result<void> set_signal_mask(int how, const uint64_t* set, uint64_t* old) {
  Process& self = current_process();
  SchedLock lock;
  if (old) *old = self.signals.blocked;
  if (!set) return {};
  switch (how) {
    case 0: self.signals.blocked |= *set; break;   // SIG_BLOCK
    case 1: self.signals.blocked &= ~*set; break;  // SIG_UNBLOCK
    case 2: self.signals.blocked = *set; break;    // SIG_SETMASK
    default: return Error::kInvalidArgument;
  }
  self.signals.blocked &= ~kUnblockable;
  settle_pending_locked(self);
  return {};
}

uint64_t pending_signals() {
  SchedLock lock;
  return current_process().signals.pending;
}

}  // namespace akuma::proc
