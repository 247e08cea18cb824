#include "kernel/proc/signal.h"

namespace akuma::proc {

DefaultAction default_action(int sig) {
  switch (sig) {
    case kSIGCHLD:
    case kSIGURG:
    case kSIGWINCH:
      return DefaultAction::kIgnore;
    case kSIGCONT:
      return DefaultAction::kContinue;
    case kSIGSTOP:
    case kSIGTSTP:
    case kSIGTTIN:
    case kSIGTTOU:
      return DefaultAction::kStop;
    case kSIGQUIT:
    case kSIGILL:
    case kSIGTRAP:
    case kSIGABRT:
    case kSIGBUS:
    case kSIGFPE:
    case kSIGSEGV:
    case 24:  // SIGXCPU
    case 25:  // SIGXFSZ
    case 31:  // SIGSYS
      return DefaultAction::kCoreDump;
    default:
      // The rest, real-time signals (32..64) included, terminate.
      return DefaultAction::kTerminate;
  }
}

void SignalState::reset_handlers_for_exec() {
  for (SigAction& a : actions) {
    if (a.handler != kHandlerIgnore) a = SigAction{};
  }
}

Disposition disposition(const SignalState& s, int sig) {
  if (sig == kSIGKILL) return Disposition::kTerminate;
  const SigAction& a = s.actions[sig - 1];
  bool blocked = (s.blocked & signal_bit(sig) & ~kUnblockable) != 0;
  if (a.handler == kHandlerIgnore && sig != kSIGSTOP) return Disposition::kDiscard;
  if (a.handler != kHandlerDefault && sig != kSIGSTOP) return Disposition::kPending;
  switch (default_action(sig)) {
    case DefaultAction::kIgnore: return Disposition::kDiscard;
    case DefaultAction::kContinue: return Disposition::kContinue;
    case DefaultAction::kStop: return blocked ? Disposition::kPending : Disposition::kStop;
    case DefaultAction::kTerminate:
    case DefaultAction::kCoreDump: return blocked ? Disposition::kPending : Disposition::kTerminate;
  }
  return Disposition::kTerminate;
}

}  // namespace akuma::proc
