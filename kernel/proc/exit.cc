// exit and wait4 (FreeBSD's order, the second seed): exit releases the
// process's resources, reparents its children to PID 0, becomes a zombie
// holding its status and resource usage and notifies the parent; wait4 reaps
// zombie children, adds their usage to the parent's RUSAGE_CHILDREN, and only
// then is the Process freed.
#include "kernel/arch/aarch64/panic.h"
#include "kernel/mm/page_allocator.h"
#include "kernel/proc/api.h"
#include "kernel/proc/table.h"
#include "kernel/proc/wait_match.h"
#include "kernel/sched/readiness.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

Pid child_reaper = kKernelPid;  // table lock

// What the exiting thread used: its CPU time and switches, the space's peak.
// The current stretch (in the kernel: this call) counts as system time.
Usage final_usage(const sched::Thread& t, const AddressSpace* space) {
  Usage u;
  u.user_ns = t.user_ns;
  u.system_ns = t.system_ns + (sched::now_ns() - t.mode_since_ns);
  u.voluntary_switches = t.voluntary_switches;
  u.involuntary_switches = t.involuntary_switches;
  u.minor_faults = t.minor_faults;
  u.max_rss_kib = space ? space->peak_pages() * (kPageSize / 1024) : 0;
  return u;
}

void add_usage(Usage& into, const Usage& u) {
  into.user_ns += u.user_ns;
  into.system_ns += u.system_ns;
  into.minor_faults += u.minor_faults;
  into.voluntary_switches += u.voluntary_switches;
  into.involuntary_switches += u.involuntary_switches;
  // Linux reports the largest child's peak, not a sum.
  if (u.max_rss_kib > into.max_rss_kib) into.max_rss_kib = u.max_rss_kib;
}

}  // namespace

void set_child_reaper(Pid pid) {
  SchedLock lock;
  child_reaper = pid;
}

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
  // CLONE_CHILD_CLEARTID: the tid word goes to zero (waking futex waiters
  // comes with threads). Timers: the only per-process timer is a sleep
  // deadline, and a running thread has none pending.
  if (p.clear_child_tid && p.space) (void)UserPtr<int>{p.clear_child_tid}.write(*p.space, 0);
  Usage usage = final_usage(*self, p.space);
  // Memory: leave the address space before giving it up (a vfork parent may
  // still own it).
  sched::set_address_space(0);
  release_space(p.space);
  p.space = nullptr;
  p.fds.close_all();
  {
    SchedLock lock;
    p.usage = usage;
    p.exit_status = status;
    // Orphans go to the child reaper (init, as on Linux) or to PID 0.
    Process* reaper = find_locked(child_reaper);
    if (!reaper || reaper == &p || !reaper->lifecycle.alive()) reaper = &kernel_process();
    bool orphan_zombies = false;
    for (Process& child : table) {
      if (child.ppid != p.pid || &child == &p) continue;
      child.ppid = reaper->pid;
      orphan_zombies |= !child.lifecycle.alive();
    }
    if (orphan_zombies) reaper->child_exit.wake_all();
    // A vfork parent resumes: the space is its own again.
    p.vfork_pending = false;
    p.vfork_done.wake_all();
    if (Process* parent = find_locked(p.ppid)) parent->child_exit.wake_all();
    // Kernel waiters that watch a job's output and its life together (the
    // shell's foreground job) wait on the readiness queue.
    sched::readiness_changed();
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
  // Core-dumping signals terminate without a core (and without the core bit
  // in the status): there is nowhere to write one.
  exit_current(status_signaled(signal ? signal : kSIGKILL));
}

namespace {

// Table lock held. The zombie leaves the table and is freed; its usage (and
// its own reaped children's) becomes the reaper's RUSAGE_CHILDREN.
WaitResult reap_locked(Process& reaper, Process* p) {
  Usage total = p->usage;
  add_usage(total, p->children_usage);
  WaitResult r{p->pid, p->exit_status, total};
  if (!p->lifecycle.transition(ProcessState::kReaped).ok()) panic("proc: reaping pid %d twice", p->pid);
  add_usage(reaper.children_usage, total);
  table.remove(*p);
  // Nobody may stay linked on a queue inside the freed Process; woken
  // threads look the pid up again and find it gone.
  p->exit_waiters.wake_all();
  p->child_exit.wake_all();
  p->settle_waiters.wake_all();
  p->vfork_done.wake_all();
  delete p;
  return r;
}

}  // namespace

Result<WaitResult> wait4(Pid pid, int options) {
  Process& self = current_process();
  SchedLock lock;
  for (;;) {
    WaitMatcher m = TRY(WaitMatcher::create(self.pid, self.pgid, pid));
    for (Process& p : table) m.consider(p.pid, p.ppid, p.pgid, !p.lifecycle.alive());
    WaitDecision d = m.decision();
    switch (d.outcome) {
      case WaitOutcome::kReap: return reap_locked(self, find_locked(d.pid));
      case WaitOutcome::kNoChild: return Error::kNoChild;
      case WaitOutcome::kMustWait: break;
    }
    if (options & kWaitNoHang) return WaitResult{0, 0, {}};
    TRY(self.child_exit.wait(sched::Wait::kInterruptible));
  }
}

Usage self_usage() {
  sched::Thread* t = sched::current();
  Process& p = current_process();
  SchedLock lock;
  return final_usage(*t, p.space);
}

Usage children_usage() {
  SchedLock lock;
  return current_process().children_usage;
}

}  // namespace akuma::proc
