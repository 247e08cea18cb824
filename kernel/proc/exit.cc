// exit and wait4 (FreeBSD's order, the second seed).
//
// exit first kills the process's other threads: exit_group flags the group
// exit and interrupts them; a thread in user mode leaves at its next entry
// into the kernel, one asleep in the kernel is woken, its call returns EINTR
// having released what it held, and it leaves at its return to user mode
// (signals.cc, next_signal). Each thread leaving on its own (exit_thread)
// clears its CLONE_CHILD_CLEARTID word and wakes that futex; the last one
// out finalises the process: cancels its timers, releases its memory, closes
// its descriptors, hands its children to the reaper (hanging up orphaned
// groups with stopped members), becomes a zombie holding its status and
// resource usage, and notifies its parent (SIGCHLD, wait4 woken).
//
// wait4 reports zombie children (reaping them: their usage is added to the
// parent's RUSAGE_CHILDREN, and only then is the Process freed) and, when
// asked, children that stopped or continued.
#include "kernel/arch/aarch64/panic.h"
#include "kernel/mm/page_allocator.h"
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/proc/wait_match.h"
#include "kernel/sched/readiness.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

// Table lock held. The zombie leaves the table and is freed; its usage (and
// its own reaped children's) is returned.
WaitResult reap_locked(Process* p) {
  Usage total = p->usage;
  add_usage(total, p->children_usage);
  WaitResult r{p->pid, p->exit_status, total};
  if (!p->lifecycle.transition(ProcessState::kReaped).ok()) panic("proc: reaping pid %d twice", p->pid);
  table.remove(*p);
  // Nobody may stay linked on a queue inside the freed Process; woken
  // threads look the pid up again and find it gone.
  p->exit_waiters.wake_all();
  p->child_exit.wake_all();
  p->settle_waiters.wake_all();
  p->vfork_done.wake_all();
  p->exec_wait.wake_all();
  p->stop_wait.wake_all();
  release_procfs_nodes(*p);
  delete p;
  return r;
}

int cld_code(int status) { return exited_normally(status) ? kCldExited : kCldKilled; }
int cld_status(int status) { return exited_normally(status) ? exit_code(status) : term_signal(status); }

// The parent ignores SIGCHLD (SIG_IGN) or asked not to wait (SA_NOCLDWAIT):
// its children are reaped as they exit, as on Linux.
bool parent_auto_reaps(const Process& parent) {
  if (parent.pid == kKernelPid) return false;
  const SigAction& a = parent.signals.action(kSIGCHLD);
  return a.handler == kHandlerIgnore || (a.flags & kSaNoCldWait);
}

// The last thread of `p` (the current thread, task `t`) ends the process.
[[noreturn]] void finalize(Process& p, Task* t, int status) {
  AddressSpace* space;
  {
    SchedLock lock;
    // Without threads the process takes no more signals, and its timers
    // stop first (the seed's first step). It becomes a zombie only once its
    // status and usage are written, below: a parent on another CPU must not
    // reap it while this thread still uses it.
    cancel_timers_locked(p);
    p.leader_finishing = t->tid == p.pid;
    p.tasks.remove(*t);
    p.live_tasks = 0;
    t->thread->owner = nullptr;  // the thread's last moments are not the process's
    space = p.space;
    p.space = nullptr;
  }
  Usage usage = thread_usage(*sched::current());
  // Memory: leave the address space before giving it up (a vfork parent may
  // still own it).
  sched::set_address_space(0);
  uint64_t peak_kib = space ? space->peak_pages() * (kPageSize / 1024) : 0;
  release_space(space);
  p.fds.close_all();
  {
    SchedLock lock;
    release_procfs_nodes(*t);
  }
  delete t;
  SchedLock lock;
  add_usage(usage, p.dead_tasks_usage);
  if (peak_kib > usage.max_rss_kib) usage.max_rss_kib = peak_kib;
  p.usage = usage;
  p.exit_status = status;
  p.stop = StopState::kNone;
  // The only way into zombie (the last thread, once): the process is now
  // visible as dead, with everything its parent reads.
  if (!p.lifecycle.transition(ProcessState::kZombie).ok()) {
    panic("proc: pid %d exiting from state %s", p.pid, process_state_name(p.lifecycle.state()));
  }
  // Orphans go to the child reaper (init, as on Linux) or to PID 0.
  Process* reaper = find_locked(child_reaper_locked());
  if (!reaper || reaper == &p || !reaper->lifecycle.alive()) reaper = &kernel_process();
  hang_up_orphaned_groups_locked(p);
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
  p.exit_waiters.wake_all();
  p.settle_waiters.wake_all();
  Process* parent = find_locked(p.ppid);
  notify_parent_locked(p, cld_code(status), cld_status(status));
  if (parent && parent_auto_reaps(*parent)) (void)reap_locked(&p);
  sched::exit_current();
}

}  // namespace

void exit_thread(int status) {
  Task* t = current_task();
  if (!t) panic("proc: a kernel thread tried to exit as a process");
  Process& p = *t->process;
  // CLONE_CHILD_CLEARTID: the word goes to zero and its waiter (a
  // pthread_join) is woken — unless the whole process is going anyway.
  if (t->clear_child_tid && p.space) {
    if (UserPtr<int>{t->clear_child_tid}.write(*p.space, 0).ok()) (void)futex_wake(*p.space, t->clear_child_tid, 1);
  }
  {
    SchedLock lock;
    if (p.live_tasks > 1) {
      add_usage(p.dead_tasks_usage, thread_usage(*t->thread));
      remove_task_locked(p, *t);
      release_procfs_nodes(*t);
    } else {
      t = nullptr;  // the last thread: it finalises below
    }
  }
  if (!t) finalize(p, current_task(), p.group_exit ? p.exit_status : status);
  delete t;
  sched::exit_current();
}

void exit_group(int status) {
  Task* t = current_task();
  if (!t) panic("proc: PID 0 tried to exit");
  {
    SchedLock lock;
    start_group_exit_locked(*t->process, status);
  }
  exit_thread(status);
}

Result<WaitResult> wait4(Pid pid, int options) {
  Process& self = current_process();
  SchedLock lock;
  for (;;) {
    WaitMatcher m = TRY(WaitMatcher::create(self.pid, self.pgid, pid));
    for (Process& p : table) {
      ChildEvent e = ChildEvent::kNone;
      if (!p.lifecycle.alive()) {
        e = ChildEvent::kExited;
      } else if ((options & kWaitUntraced) && p.stop_report) {
        e = ChildEvent::kStopped;
      } else if ((options & kWaitContinued) && p.continue_report) {
        e = ChildEvent::kContinued;
      }
      m.consider(p.pid, p.ppid, p.pgid, e);
    }
    WaitDecision d = m.decision();
    switch (d.outcome) {
      case WaitOutcome::kReport: {
        Process* c = find_locked(d.pid);
        switch (d.event) {
          case ChildEvent::kExited: {
            WaitResult r = reap_locked(c);
            add_usage(self.children_usage, r.usage);
            return r;
          }
          case ChildEvent::kStopped: {
            WaitResult r{c->pid, status_stopped(c->stop_report), live_usage_locked(*c)};
            c->stop_report = 0;
            return r;
          }
          default: {
            c->continue_report = false;
            return WaitResult{c->pid, kStatusContinued, live_usage_locked(*c)};
          }
        }
      }
      case WaitOutcome::kNoChild: return Error::kNoChild;
      case WaitOutcome::kMustWait: break;
    }
    if (options & kWaitNoHang) return WaitResult{0, 0, {}};
    TRY(self.child_exit.wait(sched::Wait::kInterruptible));
  }
}

Usage self_usage() {
  SchedLock lock;
  return live_usage_locked(current_process());
}

Usage thread_self_usage() {
  Process& p = current_process();
  SchedLock lock;
  Usage u = thread_usage(*sched::current());
  if (p.space) u.max_rss_kib = p.space->peak_pages() * (kPageSize / 1024);
  return u;
}

Usage children_usage() {
  SchedLock lock;
  return current_process().children_usage;
}

}  // namespace akuma::proc
