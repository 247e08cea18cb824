// The process lifecycle as an explicit state machine (Zircon's
// ProcessDispatcher style): every change goes through transition(), which
// rejects moves the design does not allow. Pure logic, host unit tested.
//
//   ready ⇄ running → blocked → ready
//             ↓
//           zombie → reaped
//
// A process becomes a zombie only from `running`: exit, a fault and kill all
// end in the victim's own thread (kill only flags and wakes it), so there is
// exactly one path into zombie, and a second exit or kill finds it taken.
#pragma once

#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::proc {

enum class ProcessState : uint8_t {
  kReady,    // runnable, waiting for the CPU
  kRunning,  // on the CPU
  kBlocked,  // waiting in a syscall (sleep, read, wait4, accept, ...)
  kZombie,   // exited; status and rusage kept until the parent reaps it
  kReaped,   // collected by wait4; the Process is about to be freed
};

const char* process_state_name(ProcessState s);

class Lifecycle {
 public:
  ProcessState state() const { return state_; }
  bool alive() const { return state_ != ProcessState::kZombie && state_ != ProcessState::kReaped; }
  static bool allowed(ProcessState from, ProcessState to);
  // kInvalidArgument (and no change) when the move is not allowed.
  Result<void> transition(ProcessState to);

 private:
  ProcessState state_ = ProcessState::kReady;
};

}  // namespace akuma::proc
