#include "kernel/proc/wait_match.h"

namespace akuma::proc {

Result<WaitMatcher> WaitMatcher::create(int caller, int wanted) {
  if (wanted == 0 || wanted < -1) return Error::kInvalidArgument;
  return WaitMatcher(caller, wanted);
}

void WaitMatcher::consider(int pid, int ppid, bool zombie) {
  if (ppid != caller_ || pid == caller_) return;  // only our own children
  if (wanted_ != -1 && pid != wanted_) return;
  any_match_ = true;
  if (zombie && zombie_ == -1) zombie_ = pid;
}

WaitDecision WaitMatcher::decision() const {
  if (zombie_ != -1) return {WaitOutcome::kReap, zombie_};
  if (any_match_) return {WaitOutcome::kMustWait, -1};
  return {WaitOutcome::kNoChild, -1};
}

}  // namespace akuma::proc
