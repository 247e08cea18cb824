#include "kernel/proc/signal.h"

#include <gtest/gtest.h>

namespace akuma::proc {
namespace {

TEST(Signal, DefaultActionsFollowPosix) {
  EXPECT_EQ(default_action(kSIGCHLD), DefaultAction::kIgnore);
  EXPECT_EQ(default_action(kSIGWINCH), DefaultAction::kIgnore);
  EXPECT_EQ(default_action(kSIGCONT), DefaultAction::kContinue);
  EXPECT_EQ(default_action(kSIGTSTP), DefaultAction::kStop);
  EXPECT_EQ(default_action(kSIGSEGV), DefaultAction::kCoreDump);
  EXPECT_EQ(default_action(kSIGTERM), DefaultAction::kTerminate);
  EXPECT_EQ(default_action(kSIGPIPE), DefaultAction::kTerminate);
  EXPECT_EQ(default_action(40), DefaultAction::kTerminate);  // real-time
}

TEST(Signal, DispositionOfDefaultIgnoredAndCaught) {
  SignalState s;
  EXPECT_EQ(disposition(s, kSIGTERM), Disposition::kTerminate);
  EXPECT_EQ(disposition(s, kSIGCHLD), Disposition::kDiscard);
  s.actions[kSIGTERM - 1].handler = kHandlerIgnore;
  EXPECT_EQ(disposition(s, kSIGTERM), Disposition::kDiscard);
  s.actions[kSIGTERM - 1].handler = 0x401000;
  EXPECT_EQ(disposition(s, kSIGTERM), Disposition::kPending);
}

TEST(Signal, BlockedSignalsStayPendingButKillCannotBeBlocked) {
  SignalState s;
  s.blocked = ~0ull;
  EXPECT_EQ(disposition(s, kSIGTERM), Disposition::kPending);
  EXPECT_EQ(disposition(s, kSIGKILL), Disposition::kTerminate);
  EXPECT_EQ(disposition(s, kSIGSTOP), Disposition::kStop);
  // Ignoring SIGKILL or SIGSTOP is refused by rt_sigaction; even if recorded, it changes nothing.
  s.actions[kSIGKILL - 1].handler = kHandlerIgnore;
  s.actions[kSIGSTOP - 1].handler = kHandlerIgnore;
  EXPECT_EQ(disposition(s, kSIGKILL), Disposition::kTerminate);
  EXPECT_EQ(disposition(s, kSIGSTOP), Disposition::kStop);
}

TEST(Signal, ExecResetsCaughtButKeepsIgnored) {
  SignalState s;
  s.actions[kSIGINT - 1].handler = kHandlerIgnore;
  s.actions[kSIGTERM - 1] = SigAction{0x401000, 0x04000000, 0x402000, 0x2};
  s.blocked = signal_bit(10);
  s.reset_handlers_for_exec();
  EXPECT_EQ(s.actions[kSIGINT - 1].handler, kHandlerIgnore);
  EXPECT_EQ(s.actions[kSIGTERM - 1].handler, kHandlerDefault);
  EXPECT_EQ(s.actions[kSIGTERM - 1].mask, 0u);
  EXPECT_EQ(s.blocked, signal_bit(10));
}

}  // namespace
}  // namespace akuma::proc
