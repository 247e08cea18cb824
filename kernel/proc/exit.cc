// exit and wait4 (FreeBSD's order, the second seed): exit releases the
// process's resources, reparents its children to PID 0, becomes a zombie
// holding its status and rusage and notifies the parent; wait4 reaps zombie
// children, and only then is the Process freed.
#include "kernel/arch/aarch64/panic.h"
#include "kernel/proc/api.h"
#include "kernel/proc/table.h"
#include "kernel/proc/wait_match.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

void exit_current(int status) {
  Process& p = current_process();
  if (p.pid == kKernelPid) panic("proc: PID 0 tried to exit");
  sched::Thread* self = sched::current();
  {
    SchedLock lock;
    // The only way into zombie: a second exit (or a kill after this one)
    // finds the state taken.
    if (!p.lifecycle.transition(ProcessState::kZombie).ok()) {
      panic("proc: pid %d exiting from state %s", p.pid, process_state_name(p.lifecycle.state()));
    }
    self->owner = nullptr;  // the thread's last moments are not the process's
  }
  // Timers: the only per-process timer is a sleep deadline, and a running
  // thread has none pending. Memory: leave the address space before freeing it.
  sched::set_address_space(0);
  size_t peak_pages = p.space ? p.space->peak_pages() : 0;
  delete p.space;
  p.space = nullptr;
  p.fds.close_all(p);
  {
    SchedLock lock;
    p.rusage = abi::Rusage{
        (self->cpu_ns + (sched::now_ns() - self->switched_in_ns)) / 1000,
        self->context_switches,
        peak_pages,
    };
    p.exit_status = status;
    bool orphan_zombies = false;
    for (Process& child : table) {
      if (child.ppid != p.pid || &child == &p) continue;
      child.ppid = kKernelPid;
      orphan_zombies |= !child.lifecycle.alive();
    }
    if (orphan_zombies) kernel_process().child_exit.wake_all();
    p.channel.close();
    if (Process* parent = find_locked(p.ppid)) parent->child_exit.wake_all();
    p.exit_waiters.wake_all();
    p.settle_waiters.wake_all();
  }
  sched::exit_current();
}

void on_return_to_user() {
  if (!sched::interrupt_pending()) return;
  int signal;
  {
    SchedLock lock;
    signal = current_process().kill_signal;
  }
  exit_current(abi::status_signaled(signal ? signal : abi::kSIGKILL));
}

namespace {

// Table lock held. The zombie leaves the table and is freed.
WaitResult reap_locked(Process* p) {
  WaitResult r{p->pid, p->exit_status, p->rusage};
  if (!p->lifecycle.transition(ProcessState::kReaped).ok()) panic("proc: reaping pid %d twice", p->pid);
  table.remove(*p);
  // Nobody may stay linked on a queue inside the freed Process; woken
  // threads look the pid up again and find it gone.
  p->exit_waiters.wake_all();
  p->child_exit.wake_all();
  p->settle_waiters.wake_all();
  delete p;
  return r;
}

}  // namespace

Result<WaitResult> wait4(Pid pid, int options) {
  Process& self = current_process();
  SchedLock lock;
  for (;;) {
    WaitMatcher m = TRY(WaitMatcher::create(self.pid, pid));
    for (Process& p : table) m.consider(p.pid, p.ppid, !p.lifecycle.alive());
    WaitDecision d = m.decision();
    switch (d.outcome) {
      case WaitOutcome::kReap: return reap_locked(find_locked(d.pid));
      case WaitOutcome::kNoChild: return Error::kNoChild;
      case WaitOutcome::kMustWait: break;
    }
    if (options & abi::kWNOHANG) return WaitResult{0, 0, {}};
    TRY(self.child_exit.wait(sched::Wait::kInterruptible));
  }
}

}  // namespace akuma::proc
