// The process table, PID 0, threads joining and leaving processes, and the
// process state as the sum of its threads' states.
#include "kernel/proc/process.h"

#include "kernel/arch/aarch64/panic.h"
#include "kernel/lib/format.h"
#include "kernel/mm/page_allocator.h"
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {
namespace {

using sched::SchedLock;

alignas(Process) unsigned char kernel_process_storage[sizeof(Process)];  // PID 0 lives forever
Process* pid0;

// Sched lock held (called by the scheduler on every state change of a
// thread that has an owner).
void on_thread_state(sched::Thread* t, sched::ThreadState) {
  refresh_state_locked(*static_cast<Task*>(t->owner)->process);
}

ProcessState summed_state(Process& p) {
  bool ready = false;
  for (Task& t : p.tasks) {
    switch (t.thread->state) {
      case sched::ThreadState::kRunning: return ProcessState::kRunning;
      case sched::ThreadState::kReady: ready = true; break;
      default: break;
    }
  }
  if (ready) return ProcessState::kReady;
  if (p.stop == StopState::kStopped) return ProcessState::kStopped;
  return ProcessState::kBlocked;
}

// Table lock held.
ProcessInfo info_of(Process& p) {
  bool alive = p.lifecycle.alive();
  ProcessInfo i{p.pid,
                p.ppid,
                p.pgid,
                p.sid,
                p.lifecycle.state(),
                alive ? p.live_tasks : 0,
                alive ? live_usage_locked(p) : p.usage,
                p.space ? p.space->pages() * (kPageSize / 1024) : 0,
                {},
                -1};
  __builtin_memcpy(i.name, p.name, kNameLen);
  if (Task* first = alive ? p.tasks.front() : nullptr) i.cpu = static_cast<int>(first->thread->cpu);
  return i;
}

}  // namespace

IntrusiveList<Process, &Process::table_node> table;  // table lock
Pid next_pid = 1;                                    // table lock

void add_usage(Usage& into, const Usage& u) {
  into.user_ns += u.user_ns;
  into.system_ns += u.system_ns;
  into.minor_faults += u.minor_faults;
  into.voluntary_switches += u.voluntary_switches;
  into.involuntary_switches += u.involuntary_switches;
  // Linux reports the largest peak, not a sum.
  if (u.max_rss_kib > into.max_rss_kib) into.max_rss_kib = u.max_rss_kib;
}

Usage thread_usage(const sched::Thread& t) {
  Usage u;
  u.user_ns = t.user_ns;
  u.system_ns = t.system_ns;
  // The running thread's current stretch counts in its current mode: in the
  // kernel (this call) for the caller itself; another thread is not running.
  if (&t == sched::current()) u.system_ns += sched::now_ns() - t.mode_since_ns;
  u.voluntary_switches = t.voluntary_switches;
  u.involuntary_switches = t.involuntary_switches;
  u.minor_faults = t.minor_faults;
  return u;
}

Usage live_usage_locked(const Process& p) {
  Usage u = p.dead_tasks_usage;
  for (const Task& t : const_cast<Process&>(p).tasks) add_usage(u, thread_usage(*t.thread));
  if (p.space) {
    uint64_t rss = p.space->peak_pages() * (kPageSize / 1024);
    if (rss > u.max_rss_kib) u.max_rss_kib = rss;
  }
  return u;
}

void refresh_state_locked(Process& p) {
  if (!p.lifecycle.alive() || p.tasks.empty()) return;
  ProcessState next = summed_state(p);
  if (p.lifecycle.state() == next) return;
  if (!p.lifecycle.transition(next).ok()) {
    panic("proc: pid %d cannot go from %s to %s", p.pid, process_state_name(p.lifecycle.state()),
          process_state_name(next));
  }
  if (next == ProcessState::kBlocked || next == ProcessState::kStopped) p.settle_waiters.wake_all();
}

Pid publish_locked(Process& p, Task& first, const Process& parent) {
  p.pid = next_pid++;
  p.ppid = parent.pid;
  p.start_ns = sched::now_ns();
  first.tid = p.pid;
  first.process = &p;
  p.tasks.push_back(first);
  p.live_tasks = 1;
  table.push_back(p);
  return p.pid;
}

void add_task_locked(Process& p, Task& t) {
  t.tid = next_pid++;
  t.process = &p;
  p.tasks.push_back(t);
  ++p.live_tasks;
  // A thread born during a group stop parks like the others.
  if (p.stop == StopState::kStopping) ++p.stop_unparked;
  recalc_pending_locked(t);
}

void remove_task_locked(Process& p, Task& t) {
  p.tasks.remove(t);
  --p.live_tasks;
  // A group stop that waited for this thread only is complete.
  if (p.stop == StopState::kStopping && !t.parked && --p.stop_unparked == 0) complete_stop_locked(p);
  if (p.exec_task && p.live_tasks == 1) p.exec_wait.wake_all();
  t.thread->owner = nullptr;  // the thread's last moments are not the process's
  refresh_state_locked(p);
}

Task* main_task_locked(Process& p) {
  for (Task& t : p.tasks) {
    if (t.tid == p.pid) return &t;
  }
  return p.tasks.front();
}

void destroy_unpublished(Process* p) {
  release_space(p->space);
  p->space = nullptr;
  p->fds.close_all();
  delete p;
}

Process* find_locked(Pid pid) {
  for (Process& p : table) {
    if (p.pid == pid) return &p;
  }
  return nullptr;
}

Task* find_task_locked(Pid tid) {
  for (Process& p : table) {
    for (Task& t : p.tasks) {
      if (t.tid == tid) return &t;
    }
  }
  return nullptr;
}

Process& kernel_process() { return *pid0; }

Task* current_task() { return static_cast<Task*>(sched::current()->owner); }

Process& current_process() {
  Task* t = current_task();
  return t ? *t->process : *pid0;
}

void init() {
  pid0 = new (kernel_process_storage) Process;
  pid0->pid = kKernelPid;
  pid0->ppid = kKernelPid;
  format_to(pid0->name, sizeof(pid0->name), "kernel");
  (void)pid0->lifecycle.transition(ProcessState::kRunning);
  init_user_pages();
  SchedLock lock;
  table.push_back(*pid0);
  sched::set_state_observer(on_thread_state);
}

namespace {

// Waits on the process's settle queue (woken when it blocks or stops, and
// at its exit) until `done` holds for its state, or timeout_ms passes.
Result<ProcessState> wait_for_state(Pid pid, uint64_t timeout_ms, bool (*done)(ProcessState)) {
  uint64_t deadline = sched::now_ns() + timeout_ms * 1000000ull;
  SchedLock lock;
  for (;;) {
    Process* p = find_locked(pid);
    if (!p) return Error::kNotFound;
    ProcessState s = p->lifecycle.state();
    if (done(s) || !p->lifecycle.alive()) return s;
    auto r = p->settle_waiters.wait(sched::Wait::kInterruptible, deadline);
    if (!r.ok() && r.error() == Error::kTimedOut) {
      // Gone quiet without blocking (a spinner): report what it is doing.
      Process* q = find_locked(pid);
      return q ? q->lifecycle.state() : ProcessState::kReaped;
    }
    if (!r.ok()) return r.error();
  }
}

}  // namespace

Result<ProcessState> wait_settled(Pid pid, uint64_t timeout_ms) {
  return wait_for_state(pid, timeout_ms, [](ProcessState s) {
    return s == ProcessState::kBlocked || s == ProcessState::kStopped;
  });
}

Result<ProcessState> wait_stopped(Pid pid, uint64_t timeout_ms) {
  return wait_for_state(pid, timeout_ms, [](ProcessState s) { return s == ProcessState::kStopped; });
}

Result<ProcessState> wait_exited(Pid pid, uint64_t timeout_ms) {
  return wait_for_state(pid, timeout_ms, [](ProcessState s) { return s == ProcessState::kZombie; });
}

Result<sched::ThreadId> thread_id_of(Pid tid) {
  SchedLock lock;
  Task* t = tid == 0 ? current_task() : find_task_locked(tid);
  if (!t) return Error::kNotFound;
  return t->thread->id;
}

Result<ProcessInfo> info(Pid pid) {
  SchedLock lock;
  Process* p = find_locked(pid);
  if (!p) return Error::kNotFound;
  return info_of(*p);
}

size_t list(ProcessInfo* out, size_t max) {
  SchedLock lock;
  size_t n = 0;
  for (Process& p : table) {  // the table is in pid order: spawn appends
    if (n < max) out[n] = info_of(p);
    ++n;
  }
  return n;
}

}  // namespace akuma::proc
