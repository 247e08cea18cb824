// wait4's choice of child, as pure logic (host unit tested): given the
// caller's pid and group and what it asked for, look at candidate
// processes one by one and decide whether to report one, block, or fail.
#pragma once

#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::proc {

// What a child has to report, among what the caller asked for (a stop only
// with WUNTRACED, a continue only with WCONTINUED).
enum class ChildEvent : uint8_t { kNone, kExited, kStopped, kContinued };

enum class WaitOutcome : uint8_t {
  kReport,     // `pid` has `event` to report (an exit: reap it)
  kMustWait,   // matching children exist, none has anything to report yet
  kNoChild,    // nothing matches: ECHILD
};

struct WaitDecision {
  WaitOutcome outcome;
  int pid;  // for kReport
  ChildEvent event;
};

// `wanted` as wait4 takes it: > 0 one pid, -1 any child, 0 any child in the
// caller's process group, < -1 any child in group -wanted.
class WaitMatcher {
 public:
  // kInvalidArgument for INT_MIN (no group -INT_MIN exists).
  static Result<WaitMatcher> create(int caller, int caller_pgid, int wanted);
  // Feed every process; the first matching child with an event is reported.
  void consider(int pid, int ppid, int pgid, ChildEvent event);
  WaitDecision decision() const;

 private:
  WaitMatcher(int caller, int wanted_pid, int wanted_pgid)
      : caller_(caller), wanted_pid_(wanted_pid), wanted_pgid_(wanted_pgid) {}
  int caller_;
  int wanted_pid_;   // -1: any pid
  int wanted_pgid_;  // -1: any group
  bool any_match_ = false;
  int reported_ = -1;
  ChildEvent event_ = ChildEvent::kNone;
};

}  // namespace akuma::proc
