// kill: the seed's sequence, with the victim doing its own teardown at a safe
// point (xv6 / SerenityOS style), so every step is idempotent:
//   1. record the signal and set the thread's sticky interrupt flag;
//   2. wake the blocked thread: its interruptible wait returns kInterrupted,
//      the syscall releases what it holds and returns EINTR;
//   3-7. at its return to user mode (or at once if it was preempted in user
//      mode, or before it ever ran) the victim runs exit with SIGKILL:
//      descriptors (sockets) closed, memory freed, status 137, zombie, channel
//      closed and waiters woken, thread terminated.
// kill returns when the victim is a zombie. Racing an exit: whoever reaches
// the zombie transition first decides the status; the other finds it taken.
#include "kernel/proc/api.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

Result<void> kill(Pid pid, int signal) {
  SchedLock lock;
  Process* p = find_locked(pid);
  if (!p) return Error::kNotFound;
  if (p->pid == kKernelPid) return Error::kPermission;
  if (!p->lifecycle.alive()) return {};  // a zombie: already dead
  if (p->kill_signal == 0) p->kill_signal = signal;
  sched::interrupt(p->thread_id);
  if (p == &current_process()) return {};  // dies at its return to user mode
  while ((p = find_locked(pid)) && p->lifecycle.alive()) {
    TRY(p->exit_waiters.wait(sched::Wait::kInterruptible));
  }
  return {};
}

}  // namespace akuma::proc
