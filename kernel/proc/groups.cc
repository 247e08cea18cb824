// Process groups and sessions: setpgid and setsid with Linux's rules (and
// POSIX's), in the order Linux checks them, so the errors match.
#include "kernel/proc/api.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

Result<void> set_process_group(Pid pid, Pid pgid) {
  Process& self = current_process();
  if (pid == 0) pid = self.pid;
  if (pgid == 0) pgid = pid;
  if (pgid < 0) return Error::kInvalidArgument;
  SchedLock lock;
  Process* p = find_locked(pid);
  // The caller or one of its children, nothing else.
  if (!p || !p->lifecycle.alive() || (p != &self && p->ppid != self.pid)) return Error::kNotFound;
  if (p != &self) {
    if (p->sid != self.sid) return Error::kPermission;
    if (p->did_exec) return Error::kAccessDenied;  // EACCES: too late, it ran another program
  }
  if (p->sid == p->pid) return Error::kPermission;  // a session leader stays in its group
  if (pgid != p->pid) {
    // Joining a group: it must exist in the caller's session.
    bool exists = false;
    for (Process& m : table) {
      if (m.pgid == pgid && m.sid == self.sid && m.lifecycle.alive()) exists = true;
    }
    if (!exists) return Error::kPermission;
  }
  p->pgid = pgid;
  return {};
}

Result<Pid> create_session() {
  Process& self = current_process();
  SchedLock lock;
  // A group leader cannot (its group would span two sessions), nor can a
  // process whose pid names another group.
  for (Process& m : table) {
    if (m.pgid == self.pid) return Error::kPermission;
  }
  self.sid = self.pid;
  self.pgid = self.pid;
  return self.pid;
}

}  // namespace akuma::proc
