#include "kernel/proc/signal.h"

namespace akuma::proc {

namespace {

constexpr const char* kNames[32] = {
    nullptr, "HUP",  "INT",  "QUIT", "ILL",  "TRAP", "ABRT",   "BUS",  "FPE",   "KILL", "USR1",
    "SEGV",  "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",  "TSTP", "TTIN",
    "TTOU",  "URG",  "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO",  "PWR",   "SYS",
};

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool same_name(const char* text, const char* name) {
  for (; *text && *name; ++text, ++name) {
    if (upper(*text) != *name) return false;
  }
  return *text == '\0' && *name == '\0';
}

}  // namespace

const char* signal_name(int sig) { return sig >= 1 && sig < 32 ? kNames[sig] : nullptr; }

int signal_from_text(const char* text) {
  if (!text || !*text) return 0;
  if (*text >= '0' && *text <= '9') {
    int v = 0;
    for (const char* c = text; *c; ++c) {
      if (*c < '0' || *c > '9' || v > kMaxSignal) return 0;
      v = v * 10 + (*c - '0');
    }
    return valid_signal(v) ? v : 0;
  }
  if (upper(text[0]) == 'S' && upper(text[1]) == 'I' && upper(text[2]) == 'G') text += 3;
  for (int sig = 1; sig < 32; ++sig) {
    if (same_name(text, kNames[sig])) return sig;
  }
  return 0;
}

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
    case kSIGXCPU:
    case kSIGXFSZ:
    case kSIGSYS:
      return DefaultAction::kCoreDump;
    default:
      // The rest, real-time signals (32..64) included, terminate.
      return DefaultAction::kTerminate;
  }
}

Action action_for(const SigAction& a, int sig) {
  if (sig == kSIGKILL) return Action::kTerminate;
  if (sig == kSIGSTOP) return Action::kStop;
  if (a.handler == kHandlerIgnore) return Action::kIgnore;
  if (a.handler != kHandlerDefault) return Action::kHandler;
  switch (default_action(sig)) {
    case DefaultAction::kIgnore: return Action::kIgnore;
    case DefaultAction::kContinue: return Action::kContinue;
    case DefaultAction::kStop: return Action::kStop;
    case DefaultAction::kTerminate:
    case DefaultAction::kCoreDump: return Action::kTerminate;
  }
  return Action::kTerminate;
}

bool ignored_when_sent(const SigAction& a, int sig, bool blocked) {
  if (sig == kSIGKILL || sig == kSIGSTOP || blocked) return false;
  Action act = action_for(a, sig);
  // SIGCONT's default (resume) happens at sending; the signal itself is
  // then ignored like any default-ignored one.
  return act == Action::kIgnore || act == Action::kContinue;
}

bool fatal_when_sent(const SigAction& a, int sig, bool blocked) {
  if (sig == kSIGKILL) return true;
  return !blocked && a.handler == kHandlerDefault && action_for(a, sig) == Action::kTerminate;
}

bool SigQueue::add(const SigInfo& i) {
  if (!valid_signal(i.signo) || has(i.signo)) return false;
  set |= signal_bit(i.signo);
  info[i.signo - 1] = i;
  return true;
}

int SigQueue::next(uint64_t blocked) const {
  uint64_t ready = set & ~(blocked & ~kUnblockable);
  if (!ready) return 0;
  uint64_t sync = ready & kSynchronousSignals;
  uint64_t pick = sync ? sync : ready;
  return __builtin_ctzll(pick) + 1;
}

SigInfo SigQueue::take(int sig) {
  set &= ~signal_bit(sig);
  return info[sig - 1];
}

void SignalState::reset_handlers_for_exec() {
  for (SigAction& a : actions) {
    if (a.handler != kHandlerIgnore) a = SigAction{};
  }
}

}  // namespace akuma::proc
