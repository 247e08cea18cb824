// Signal numbers, actions, queues and the rules that decide what a signal
// does — the pure logic part (host unit tested). Numbers, flag bits and
// si_code values are Linux's: they are the ABI, and the kernel reports them
// in wait statuses and signal frames (the syscall layer checks at compile
// time that they match linux_abi.h).
//
// Where signals live (Linux's model): each process has one set of actions
// (shared by its threads) and a pending queue for signals sent to the
// process; each thread has its own blocked mask and a pending queue for
// signals sent to it alone (tgkill, faults). kernel/proc/signals.cc applies
// these rules to processes and threads.
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
constexpr int kSIGUSR1 = 10;
constexpr int kSIGSEGV = 11;
constexpr int kSIGUSR2 = 12;
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
constexpr int kSIGXCPU = 24;
constexpr int kSIGXFSZ = 25;
constexpr int kSIGVTALRM = 26;
constexpr int kSIGPROF = 27;
constexpr int kSIGWINCH = 28;
constexpr int kSIGSYS = 31;
constexpr int kMaxSignal = 64;

constexpr uint64_t kHandlerDefault = 0;  // SIG_DFL
constexpr uint64_t kHandlerIgnore = 1;   // SIG_IGN

// sa_flags bits the kernel acts on (Linux's values).
constexpr uint64_t kSaNoCldStop = 0x00000001;
constexpr uint64_t kSaNoCldWait = 0x00000002;
constexpr uint64_t kSaSigInfo = 0x00000004;
constexpr uint64_t kSaRestorer = 0x04000000;
constexpr uint64_t kSaOnStack = 0x08000000;
constexpr uint64_t kSaRestart = 0x10000000;
constexpr uint64_t kSaNoDefer = 0x40000000;
constexpr uint64_t kSaResetHand = 0x80000000;

// si_code values (Linux's).
constexpr int kSiUser = 0;        // kill
constexpr int kSiKernel = 0x80;   // sent by the kernel (itimer, job control)
constexpr int kSiTkill = -6;      // tkill, tgkill
constexpr int kCldExited = 1;
constexpr int kCldKilled = 2;
constexpr int kCldDumped = 3;
constexpr int kCldStopped = 5;
constexpr int kCldContinued = 6;
constexpr int kSegvMapErr = 1;    // no mapping at the address
constexpr int kSegvAccErr = 2;    // mapped, but not for this access
constexpr int kBusAdrAln = 1;
constexpr int kIllIllOpc = 1;
constexpr int kTrapBrkpt = 1;

constexpr uint64_t signal_bit(int sig) { return 1ull << (sig - 1); }
constexpr bool valid_signal(int sig) { return sig >= 1 && sig <= kMaxSignal; }
// SIGKILL and SIGSTOP cannot be caught, blocked or ignored.
constexpr uint64_t kUnblockable = signal_bit(kSIGKILL) | signal_bit(kSIGSTOP);
constexpr uint64_t kStopSignals =
    signal_bit(kSIGSTOP) | signal_bit(kSIGTSTP) | signal_bit(kSIGTTIN) | signal_bit(kSIGTTOU);
// Signals a fault raises: delivered before any other pending signal.
constexpr uint64_t kSynchronousSignals = signal_bit(kSIGSEGV) | signal_bit(kSIGBUS) | signal_bit(kSIGILL) |
                                         signal_bit(kSIGTRAP) | signal_bit(kSIGFPE) | signal_bit(kSIGSYS);
constexpr bool is_stop_signal(int sig) { return (kStopSignals & signal_bit(sig)) != 0; }

// Linux's struct sigaction as rt_sigaction passes it.
struct SigAction {
  uint64_t handler = kHandlerDefault;
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};

// What a receiver learns about one signal (siginfo_t's meaningful fields).
struct SigInfo {
  int signo = 0;
  int code = kSiUser;
  int pid = 0;         // sender (kill, tgkill) or child (SIGCHLD)
  int uid = 0;
  int status = 0;      // SIGCHLD: exit code or signal
  uint64_t addr = 0;   // faults: the address
  uint64_t utime = 0;  // SIGCHLD: the child's CPU time, in clock ticks
  uint64_t stime = 0;
};

// Pending signals: a set and one siginfo per signal. A signal already
// pending is not queued twice (real-time signals included: this kernel
// coalesces them; Linux queues each instance).
struct SigQueue {
  uint64_t set = 0;
  SigInfo info[kMaxSignal];

  bool has(int sig) const { return (set & signal_bit(sig)) != 0; }
  // false (and no change) when `i.signo` was already pending.
  bool add(const SigInfo& i);
  // The signal to deliver next among those not in `blocked`: synchronous
  // (fault) signals first, then the lowest number; 0 when none.
  int next(uint64_t blocked) const;
  SigInfo take(int sig);
  void discard(uint64_t mask) { set &= ~mask; }
};

// The names of signals 1..31 without "SIG" ("HUP", "KILL", ...), as kill -l
// lists them; nullptr for others (the real-time signals have none).
const char* signal_name(int sig);
// A signal given by number ("9") or name ("KILL", "SIGKILL", any case);
// 0 when it names none.
int signal_from_text(const char* text);

enum class DefaultAction : uint8_t { kTerminate, kCoreDump, kIgnore, kStop, kContinue };
DefaultAction default_action(int sig);

// The action with its default resolved: what delivering `sig` does now.
enum class Action : uint8_t { kIgnore, kTerminate, kStop, kContinue, kHandler };
Action action_for(const SigAction& a, int sig);

// Discarded when sent (Linux's sig_ignored): ignored by the action and not
// blocked (a blocked signal stays pending, as its action may change).
bool ignored_when_sent(const SigAction& a, int sig, bool blocked);
// Kills the whole process when sent, without waiting for delivery: SIGKILL,
// or a default action that terminates and a receiver that does not block it.
bool fatal_when_sent(const SigAction& a, int sig, bool blocked);

struct SignalState {
  SigAction actions[kMaxSignal];

  const SigAction& action(int sig) const { return actions[sig - 1]; }
  // execve: caught signals go back to their default action; ignored ones
  // stay ignored (POSIX). Masks and pending sets live elsewhere and stay.
  void reset_handlers_for_exec();
};

}  // namespace akuma::proc
