#include "kernel/proc/process_state.h"

namespace akuma::proc {

const char* process_state_name(ProcessState s) {
  switch (s) {
    case ProcessState::kReady: return "ready";
    case ProcessState::kRunning: return "running";
    case ProcessState::kBlocked: return "blocked";
    case ProcessState::kStopped: return "stopped";
    case ProcessState::kZombie: return "zombie";
    case ProcessState::kReaped: return "reaped";
  }
  return "?";
}

bool Lifecycle::allowed(ProcessState from, ProcessState to) {
  using S = ProcessState;
  switch (from) {
    case S::kReady:
    case S::kBlocked:
    case S::kStopped:
      return to != from && to != S::kZombie && to != S::kReaped;
    case S::kRunning: return to != from && to != S::kReaped;
    case S::kZombie: return to == S::kReaped;
    case S::kReaped: return false;
  }
  return false;
}

Result<void> Lifecycle::transition(ProcessState to) {
  if (!allowed(state_, to)) return Error::kInvalidArgument;
  state_ = to;
  return {};
}

}  // namespace akuma::proc
