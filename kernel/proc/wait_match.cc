#include "kernel/proc/wait_match.h"

namespace akuma::proc {

Result<WaitMatcher> WaitMatcher::create(int caller, int caller_pgid, int wanted) {
  if (wanted == -2147483647 - 1) return Error::kInvalidArgument;
  if (wanted > 0) return WaitMatcher(caller, wanted, -1);
  if (wanted == -1) return WaitMatcher(caller, -1, -1);
  if (wanted == 0) return WaitMatcher(caller, -1, caller_pgid);
  return WaitMatcher(caller, -1, -wanted);
}

void WaitMatcher::consider(int pid, int ppid, int pgid, ChildEvent event) {
  if (ppid != caller_ || pid == caller_) return;  // only our own children
  if (wanted_pid_ != -1 && pid != wanted_pid_) return;
  if (wanted_pgid_ != -1 && pgid != wanted_pgid_) return;
  any_match_ = true;
  if (event != ChildEvent::kNone && reported_ == -1) {
    reported_ = pid;
    event_ = event;
  }
}

WaitDecision WaitMatcher::decision() const {
  if (reported_ != -1) return {WaitOutcome::kReport, reported_, event_};
  if (any_match_) return {WaitOutcome::kMustWait, -1, ChildEvent::kNone};
  return {WaitOutcome::kNoChild, -1, ChildEvent::kNone};
}

}  // namespace akuma::proc
