// wait4's choice of child, as pure logic (host unit tested): given the
// caller's pid and the pid it asked for (-1 = any child), look at candidate
// processes one by one and decide whether to reap one, block, or fail.
#pragma once

#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::proc {

enum class WaitOutcome : uint8_t {
  kReap,       // `pid` is a matching zombie: collect it
  kMustWait,   // matching children exist, none has exited yet
  kNoChild,    // nothing matches: ECHILD
};

struct WaitDecision {
  WaitOutcome outcome;
  int pid;  // for kReap
};

class WaitMatcher {
 public:
  // kInvalidArgument for process-group forms (0, < -1), which we lack.
  static Result<WaitMatcher> create(int caller, int wanted);
  // Feed every process; order decides which of several zombies goes first.
  void consider(int pid, int ppid, bool zombie);
  WaitDecision decision() const;

 private:
  WaitMatcher(int caller, int wanted) : caller_(caller), wanted_(wanted) {}
  int caller_;
  int wanted_;  // -1 or a pid
  bool any_match_ = false;
  int zombie_ = -1;
};

}  // namespace akuma::proc
