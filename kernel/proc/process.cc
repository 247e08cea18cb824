// The process table, PID 0, and the mirror of thread states into process
// states.
#include "kernel/proc/process.h"

#include "kernel/arch/aarch64/panic.h"
#include "kernel/lib/format.h"
#include "kernel/proc/api.h"
#include "kernel/proc/table.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {
namespace {

using sched::SchedLock;

alignas(Process) unsigned char kernel_process_storage[sizeof(Process)];  // PID 0 lives forever
Process* pid0;

ProcessState mirror(sched::ThreadState s) {
  switch (s) {
    case sched::ThreadState::kRunning: return ProcessState::kRunning;
    case sched::ThreadState::kBlocked: return ProcessState::kBlocked;
    default: return ProcessState::kReady;
  }
}

// Sched lock held (called by the scheduler).
void on_thread_state(sched::Thread* t, sched::ThreadState to) {
  auto* p = static_cast<Process*>(t->owner);
  ProcessState next = mirror(to);
  if (p->lifecycle.state() == next) return;
  if (!p->lifecycle.transition(next).ok()) {
    panic("proc: pid %d cannot go from %s to %s", p->pid, process_state_name(p->lifecycle.state()),
          process_state_name(next));
  }
  if (next == ProcessState::kBlocked) p->settle_waiters.wake_all();
}

void on_user_entry(sched::Thread*) { on_return_to_user(); }

// Table lock held.
ProcessInfo info_of(const Process& p) {
  ProcessInfo i{p.pid, p.ppid, p.pgid, p.lifecycle.state(), {}};
  __builtin_memcpy(i.name, p.name, kNameLen);
  return i;
}

}  // namespace

IntrusiveList<Process, &Process::table_node> table;  // table lock
Pid next_pid = 1;                                    // table lock

Pid publish_locked(Process& p, sched::Thread& thread, const Process& parent) {
  p.thread_id = thread.id;
  p.pid = next_pid++;
  p.ppid = parent.pid;
  table.push_back(p);
  return p.pid;
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

Process& kernel_process() { return *pid0; }

Process& current_process() {
  auto* owner = static_cast<Process*>(sched::current()->owner);
  return owner ? *owner : *pid0;
}

void init() {
  pid0 = new (kernel_process_storage) Process;
  pid0->pid = kKernelPid;
  pid0->ppid = kKernelPid;
  format_to(pid0->name, sizeof(pid0->name), "kernel");
  pid0->thread_id = sched::current()->id;
  (void)pid0->lifecycle.transition(ProcessState::kRunning);
  SchedLock lock;
  table.push_back(*pid0);
  sched::set_state_observer(on_thread_state);
  sched::set_user_entry_hook(on_user_entry);
}

Result<ProcessState> wait_settled(Pid pid, uint64_t timeout_ms) {
  uint64_t deadline = sched::now_ns() + timeout_ms * 1000000ull;
  SchedLock lock;
  for (;;) {
    Process* p = find_locked(pid);
    if (!p) return Error::kNotFound;
    ProcessState s = p->lifecycle.state();
    if (s == ProcessState::kBlocked || !p->lifecycle.alive()) return s;
    auto r = p->settle_waiters.wait(sched::Wait::kInterruptible, deadline);
    if (!r.ok() && r.error() == Error::kTimedOut) {
      // Gone quiet without blocking (a spinner): report what it is doing.
      Process* q = find_locked(pid);
      return q ? q->lifecycle.state() : ProcessState::kReaped;
    }
    if (!r.ok()) return r.error();
  }
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
