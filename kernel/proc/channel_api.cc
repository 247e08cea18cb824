// A parent's side of its children's channels: live output, input.
#include "kernel/proc/api.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

// The caller may use a child's channel; the table lock is held.
Result<Process*> child_locked(Pid pid) {
  Process* p = find_locked(pid);
  if (!p) return Error::kNotFound;
  if (p->ppid != current_process().pid || p == &current_process()) return Error::kPermission;
  return p;
}

}  // namespace

// Only the parent reads a channel and only the parent reaps, so the Process
// stays alive while its parent is blocked in read_output.
Result<size_t> read_output(Pid child, char* buf, size_t len) {
  SchedLock lock;
  Process* p = TRY(child_locked(child));
  return p->channel.read_output(buf, len);
}

Result<size_t> write_input(Pid child, const char* buf, size_t len) {
  SchedLock lock;
  Process* p = TRY(child_locked(child));
  return p->channel.write_input(buf, len);
}

Result<void> close_input(Pid child) {
  SchedLock lock;
  Process* p = TRY(child_locked(child));
  p->channel.close_input();
  return {};
}

}  // namespace akuma::proc
