// Signals between processes and threads (Linux's model):
//
// Sending. A signal for a process goes to its shared queue and wakes one
// thread that does not block it; a signal for a thread (tgkill, a fault) goes
// to that thread's queue. Some effects happen at once, at sending: SIGCONT
// resumes a stopped process and drops pending stop signals (a stop signal
// drops a pending SIGCONT); a signal that is ignored is dropped; a signal
// whose default action kills, sent to a receiver that does not block it,
// starts the group exit at once (xv6 / SerenityOS style: the victims do their
// own teardown at a safe point, so every step is idempotent).
//
// Taking. Every thread, at every return to user mode (after a syscall, a
// fault it survives, an interrupt that preempted it, its first start), runs
// next_signal(): it dies if its process is exiting, parks if its process is
// stopping, and otherwise takes pending signals that it does not block, one
// by one: ignored ones go, a stop signal stops the whole process, a fatal
// one starts the group exit, and a handled one is returned to the syscall
// layer, which builds the handler's frame.
//
// A thread asleep in the kernel is woken by anything that gives it work at
// the return (its sched interrupt flag): its interruptible wait fails with
// kInterrupted, the syscall returns EINTR (or is restarted) after releasing
// what it holds.
#include "kernel/arch/aarch64/panic.h"
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

Pid child_reaper = kKernelPid;  // table lock

// Linux's init ignores every signal it has no handler for (SIGKILL too),
// so that nothing can kill it by accident.
bool unkillable(const Process& p, int sig) {
  return p.pid == child_reaper && p.pid != kKernelPid && p.signals.action(sig).handler == kHandlerDefault;
}

// Job control at sending, for the whole process.
void prepare_locked(Process& p, int sig) {
  if (sig == kSIGCONT) {
    p.pending.discard(kStopSignals);
    for (Task& t : p.tasks) t.pending.discard(kStopSignals);
    if (p.stop != StopState::kNone) {
      bool was_stopped = p.stop == StopState::kStopped;
      p.stop = StopState::kNone;
      p.stop_wait.wake_all();
      if (was_stopped) {
        p.stop_report = 0;
        p.continue_report = true;
        notify_parent_locked(p, kCldContinued, kSIGCONT);
      }
      refresh_state_locked(p);
    }
  } else if (is_stop_signal(sig)) {
    p.pending.discard(signal_bit(kSIGCONT));
    for (Task& t : p.tasks) t.pending.discard(signal_bit(kSIGCONT));
  }
}

// The current thread takes a stop signal: every thread parks.
void begin_group_stop_locked(Process& p, int sig) {
  p.stop = StopState::kStopping;
  p.stop_signal = sig;
  // Threads still parked from a stop a SIGCONT just ended (woken, not yet
  // run) stay parked: only the others have to arrive.
  p.stop_unparked = 0;
  for (Task& t : p.tasks) p.stop_unparked += t.parked ? 0 : 1;
  for (Task& t : p.tasks) recalc_pending_locked(t);
}

// Parks the current thread until SIGCONT or a group exit.
void park_locked(Task& t) {
  Process& p = *t.process;
  t.parked = true;
  if (p.stop == StopState::kStopping && --p.stop_unparked == 0) complete_stop_locked(p);
  while (p.stop != StopState::kNone && !must_die_locked(t)) {
    (void)p.stop_wait.wait(sched::Wait::kUninterruptible);
  }
  t.parked = false;
}

// Whether thread `t` can take `sig` now (Linux's wants_signal): it does not
// block it and is not stopped — SIGKILL reaches every thread.
bool takes(const Task& t, int sig) {
  if (sig == kSIGKILL) return true;
  return !(t.blocked & signal_bit(sig)) && !t.parked;
}

}  // namespace

void complete_stop_locked(Process& p) {
  p.stop = StopState::kStopped;
  p.stop_report = p.stop_signal;
  p.continue_report = false;
  refresh_state_locked(p);
  notify_parent_locked(p, kCldStopped, p.stop_signal);
}

void set_child_reaper(Pid pid) {
  SchedLock lock;
  child_reaper = pid;
}

Pid child_reaper_locked() { return child_reaper; }

bool must_die_locked(const Task& t) {
  const Process& p = *t.process;
  return p.group_exit || (p.exec_task && p.exec_task != &t);
}

void recalc_pending_locked(Task& t) {
  Process& p = *t.process;
  bool work = must_die_locked(t) || (p.stop != StopState::kNone && !t.parked) || t.pending.next(t.blocked) != 0 ||
              p.pending.next(t.blocked) != 0;
  sched::set_interrupt_locked(t.thread, work);
}

void start_group_exit_locked(Process& p, int status) {
  if (p.group_exit || !p.lifecycle.alive()) return;
  p.group_exit = true;
  p.exit_status = status;
  // A stopped process dies too: its parked threads wake to exit.
  p.stop = StopState::kNone;
  p.stop_wait.wake_all();
  p.exec_wait.wake_all();
  wake_killable_locked(p);
}

void wake_killable_locked(Process& p) {
  // Threads in the waits only death ends (a vfork parent waiting for its
  // child) look again; every thread gets its interrupt flag.
  for (Process& c : table) {
    if (c.ppid == p.pid && c.vfork_pending) c.vfork_done.wake_all();
  }
  for (Task& t : p.tasks) recalc_pending_locked(t);
}

void send_to_process_locked(Process& p, const SigInfo& info) {
  int sig = info.signo;
  if (!p.lifecycle.alive() || p.group_exit || p.tasks.empty()) return;
  if (unkillable(p, sig)) return;
  prepare_locked(p, sig);
  const SigAction& a = p.signals.action(sig);
  uint64_t bit = signal_bit(sig);
  Task* main = main_task_locked(p);
  if (ignored_when_sent(a, sig, (main->blocked & bit) != 0)) return;
  // The thread to wake: the main thread if it takes the signal, else the
  // first that does; if every thread blocks it (or is stopped), it waits in
  // the queue.
  Task* taker = takes(*main, sig) ? main : nullptr;
  for (Task& t : p.tasks) {
    if (taker) break;
    if (takes(t, sig)) taker = &t;
  }
  if (taker && fatal_when_sent(a, sig, false)) {
    start_group_exit_locked(p, status_signaled(sig));
    return;
  }
  if (!p.pending.add(info)) return;  // already pending: coalesced
  if (taker) recalc_pending_locked(*taker);
}

void send_to_task_locked(Task& t, const SigInfo& info) {
  Process& p = *t.process;
  int sig = info.signo;
  if (!p.lifecycle.alive() || p.group_exit) return;
  if (unkillable(p, sig)) return;
  prepare_locked(p, sig);
  const SigAction& a = p.signals.action(sig);
  bool blocked = (t.blocked & signal_bit(sig) & ~kUnblockable) != 0;
  if (ignored_when_sent(a, sig, blocked)) return;
  if (takes(t, sig) && fatal_when_sent(a, sig, blocked)) {
    start_group_exit_locked(p, status_signaled(sig));
    return;
  }
  if (!t.pending.add(info)) return;
  recalc_pending_locked(t);
}

void notify_parent_locked(Process& child, int code, int status) {
  Process* parent = find_locked(child.ppid);
  if (!parent) return;
  parent->child_exit.wake_all();
  if (parent->pid == kKernelPid) return;  // PID 0 takes no signals
  const SigAction& a = parent->signals.action(kSIGCHLD);
  bool job_control = code == kCldStopped || code == kCldContinued;
  if (job_control && (a.flags & kSaNoCldStop)) return;
  int sig = job_control ? kSIGCHLD : child.exit_signal;
  if (sig == 0) return;
  Usage u = child.lifecycle.alive() ? live_usage_locked(child) : child.usage;
  SigInfo info;
  info.signo = sig;
  info.code = code;
  info.pid = child.pid;
  info.status = status;
  info.utime = u.user_ns / 10000000;  // clock ticks (USER_HZ = 100)
  info.stime = u.system_ns / 10000000;
  send_to_process_locked(*parent, info);
}

bool group_orphaned_locked(Pid pgid, const Process* ignoring) {
  // Orphaned: no member has a parent in another group of the same session.
  for (Process& m : table) {
    if (m.pgid != pgid || &m == ignoring || !m.lifecycle.alive()) continue;
    Process* parent = find_locked(m.ppid);
    if (parent && parent != ignoring && parent->pgid != pgid && parent->sid == m.sid) return false;
  }
  return true;
}

namespace {

bool group_has_stopped_locked(Pid pgid) {
  for (Process& m : table) {
    if (m.pgid == pgid && m.lifecycle.alive() && m.stop != StopState::kNone) return true;
  }
  return false;
}

void hang_up_group_locked(Pid pgid, const Process& exiting) {
  if (pgid == kKernelPid || !group_orphaned_locked(pgid, &exiting) || !group_has_stopped_locked(pgid)) return;
  static constexpr int kSignals[] = {kSIGHUP, kSIGCONT};
  for (int sig : kSignals) {
    for (Process& m : table) {
      if (m.pgid == pgid && &m != &exiting) send_to_process_locked(m, SigInfo{sig, kSiKernel, 0, 0, 0, 0, 0, 0});
    }
  }
}

}  // namespace

void hang_up_orphaned_groups_locked(Process& exiting) {
  // Its own group, if it was the member that tied the group to the session.
  Process* parent = find_locked(exiting.ppid);
  if (parent && parent->pgid != exiting.pgid && parent->sid == exiting.sid) hang_up_group_locked(exiting.pgid, exiting);
  // Its children's groups (reparented already, still naming it as the tie).
  for (Process& c : table) {
    if (c.ppid == exiting.pid && c.pgid != exiting.pgid && c.sid == exiting.sid) hang_up_group_locked(c.pgid, exiting);
  }
}

// ------------------------------------------------------------ taking

bool work_pending() {
  Task* t = current_task();
  return t && (t->thread->interrupt_pending || t->restore_blocked);
}

SignalDelivery next_signal() {
  Task* t = current_task();
  if (!t) return {};
  for (;;) {
    bool die;
    {
      SchedLock lock;
      Process& p = *t->process;
      die = must_die_locked(*t);
      if (!die) {
        if (p.stop != StopState::kNone && !t->parked) {
          park_locked(*t);
          continue;
        }
        SigInfo info;
        int sig = t->pending.next(t->blocked);
        if (sig) {
          info = t->pending.take(sig);
        } else if ((sig = p.pending.next(t->blocked)) != 0) {
          info = p.pending.take(sig);
        }
        if (!sig) {
          recalc_pending_locked(*t);
          return {};
        }
        if (sig == kSIGALRM) rearm_real_timer_locked(p);
        SigAction a = p.signals.action(sig);
        switch (action_for(a, sig)) {
          case Action::kIgnore:
          case Action::kContinue:  // resumed at sending already
            continue;
          case Action::kStop:
            // POSIX: the terminal stop signals do nothing to an orphaned
            // group (nobody in the session could continue it).
            if (sig != kSIGSTOP && group_orphaned_locked(p.pgid, nullptr)) continue;
            begin_group_stop_locked(p, sig);
            continue;
          case Action::kTerminate:
            start_group_exit_locked(p, status_signaled(sig));
            continue;
          case Action::kHandler: {
            if (a.flags & kSaResetHand) p.signals.actions[sig - 1].handler = kHandlerDefault;
            SignalDelivery d;
            d.sig = sig;
            d.info = info;
            d.action = a;
            d.saved_mask = t->restore_blocked ? t->saved_blocked : t->blocked;
            d.altstack = t->altstack;
            return d;
          }
        }
      }
    }
    if (die) exit_thread(0);  // the status is the group's
  }
}

void handler_started(const SignalDelivery& d) {
  Task* t = current_task();
  SchedLock lock;
  t->restore_blocked = false;  // the frame recorded the mask to come back
  uint64_t add = d.action.mask;
  if (!(d.action.flags & kSaNoDefer)) add |= signal_bit(d.sig);
  t->blocked = (t->blocked | add) & ~kUnblockable;
  recalc_pending_locked(*t);
}

bool restore_temporary_mask() {
  Task* t = current_task();
  if (!t || !t->restore_blocked) return false;
  SchedLock lock;
  t->restore_blocked = false;
  t->blocked = t->saved_blocked;
  recalc_pending_locked(*t);
  return true;
}

}  // namespace akuma::proc
