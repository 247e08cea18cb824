// The process lifecycle as an explicit state machine (Zircon's
// ProcessDispatcher style): every change goes through transition(), which
// rejects moves the design does not allow. Pure logic, host unit tested.
//
//   ready, running, blocked, stopped   (any to any: the state of a live
//        |                              process sums up its threads')
//     running → zombie → reaped
//
// A live process is `running` while one of its threads is on the CPU, else
// `ready` while one waits for it, else `stopped` after a stop signal, else
// `blocked`. It becomes a zombie only from `running`: the last of its threads
// to leave finalises it (exit, a fault and kill all end on the process's own
// threads; kill only flags and wakes them), so there is exactly one path into
// zombie, and a second exit or kill finds it taken.
#pragma once

#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::proc {

enum class ProcessState : uint8_t {
  kReady,    // runnable, waiting for the CPU
  kRunning,  // on the CPU
  kBlocked,  // waiting in a syscall (sleep, read, wait4, accept, ...)
  kStopped,  // stopped by SIGSTOP, SIGTSTP, SIGTTIN or SIGTTOU until SIGCONT
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
