// Signal numbers, actions and what sending a signal does — the pure logic
// part (host unit tested). Numbers are Linux's: they are the ABI, and the
// kernel reports them in wait statuses.
//
// Today a process has one thread, so the blocked mask and the pending set
// live with the process; handlers are recorded (rt_sigaction) but delivering
// them to user mode comes with signal frames. Sending a signal therefore does
// one of: discard it (ignored), terminate the process (default action, or
// SIGKILL), or leave it pending (blocked, or caught by a handler).
#pragma once

#include <stdint.h>

namespace akuma::proc {

constexpr int kSIGHUP = 1;
constexpr int kSIGINT = 2;
constexpr int kSIGQUIT = 3;
constexpr int kSIGILL = 4;
constexpr int kSIGTRAP = 5;
constexpr int kSIGABRT = 6;
constexpr int kSIGBUS = 7;
constexpr int kSIGFPE = 8;
constexpr int kSIGKILL = 9;
constexpr int kSIGSEGV = 11;
constexpr int kSIGPIPE = 13;
constexpr int kSIGALRM = 14;
constexpr int kSIGTERM = 15;
constexpr int kSIGCHLD = 17;
constexpr int kSIGCONT = 18;
constexpr int kSIGSTOP = 19;
constexpr int kSIGTSTP = 20;
constexpr int kSIGTTIN = 21;
constexpr int kSIGTTOU = 22;
constexpr int kSIGURG = 23;
constexpr int kSIGWINCH = 28;
constexpr int kMaxSignal = 64;

constexpr uint64_t kHandlerDefault = 0;  // SIG_DFL
constexpr uint64_t kHandlerIgnore = 1;   // SIG_IGN

constexpr uint64_t signal_bit(int sig) { return 1ull << (sig - 1); }
constexpr bool valid_signal(int sig) { return sig >= 1 && sig <= kMaxSignal; }
// SIGKILL and SIGSTOP cannot be caught, blocked or ignored.
constexpr uint64_t kUnblockable = signal_bit(kSIGKILL) | signal_bit(kSIGSTOP);

// Linux's struct sigaction as rt_sigaction passes it.
struct SigAction {
  uint64_t handler = kHandlerDefault;
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};

struct SignalState {
  SigAction actions[kMaxSignal];
  uint64_t blocked = 0;
  uint64_t pending = 0;

  // execve: caught signals go back to their default action; ignored ones
  // stay ignored; the mask and pending set are kept (POSIX).
  void reset_handlers_for_exec();
};

enum class DefaultAction : uint8_t { kTerminate, kCoreDump, kIgnore, kStop, kContinue };
DefaultAction default_action(int sig);

enum class Disposition : uint8_t {
  kDiscard,    // ignored (explicitly, or by default)
  kTerminate,  // the process dies with this signal
  kPending,    // blocked or caught: recorded in the pending set
  kStop,       // a stop signal whose default action applies (job control)
  kContinue,   // SIGCONT's default: resume if stopped
};
// What sending `sig` (valid) to a process in state `s` does.
Disposition disposition(const SignalState& s, int sig);

}  // namespace akuma::proc
