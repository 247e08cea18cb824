#include "kernel/proc/signal.h"

#include <gtest/gtest.h>

namespace akuma::proc {
namespace {

TEST(Signal, DefaultActionsFollowPosix) {
  EXPECT_EQ(default_action(kSIGCHLD), DefaultAction::kIgnore);
  EXPECT_EQ(default_action(kSIGWINCH), DefaultAction::kIgnore);
  EXPECT_EQ(default_action(kSIGCONT), DefaultAction::kContinue);
  EXPECT_EQ(default_action(kSIGTSTP), DefaultAction::kStop);
  EXPECT_EQ(default_action(kSIGTTIN), DefaultAction::kStop);
  EXPECT_EQ(default_action(kSIGSEGV), DefaultAction::kCoreDump);
  EXPECT_EQ(default_action(kSIGTERM), DefaultAction::kTerminate);
  EXPECT_EQ(default_action(kSIGPIPE), DefaultAction::kTerminate);
  EXPECT_EQ(default_action(40), DefaultAction::kTerminate);  // real-time
}

TEST(Signal, ActionResolvesDefaultsAndHandlers) {
  SigAction dfl;
  EXPECT_EQ(action_for(dfl, kSIGTERM), Action::kTerminate);
  EXPECT_EQ(action_for(dfl, kSIGQUIT), Action::kTerminate);  // core dumps terminate (no core)
  EXPECT_EQ(action_for(dfl, kSIGCHLD), Action::kIgnore);
  EXPECT_EQ(action_for(dfl, kSIGTSTP), Action::kStop);
  EXPECT_EQ(action_for(dfl, kSIGCONT), Action::kContinue);
  SigAction caught{0x401000, 0, 0, 0};
  EXPECT_EQ(action_for(caught, kSIGTERM), Action::kHandler);
  EXPECT_EQ(action_for(caught, kSIGCONT), Action::kHandler);
  SigAction ign{kHandlerIgnore, 0, 0, 0};
  EXPECT_EQ(action_for(ign, kSIGTERM), Action::kIgnore);
}

TEST(Signal, KillAndStopIgnoreWhatIsRecorded) {
  // rt_sigaction refuses to change them; even if recorded, it changes nothing.
  SigAction ign{kHandlerIgnore, 0, 0, 0};
  SigAction caught{0x401000, 0, 0, 0};
  EXPECT_EQ(action_for(ign, kSIGKILL), Action::kTerminate);
  EXPECT_EQ(action_for(caught, kSIGSTOP), Action::kStop);
  EXPECT_FALSE(ignored_when_sent(ign, kSIGKILL, false));
  EXPECT_FALSE(ignored_when_sent(ign, kSIGSTOP, false));
  EXPECT_TRUE(fatal_when_sent(caught, kSIGKILL, true));
}

TEST(Signal, IgnoredSignalsAreDroppedUnlessBlocked) {
  SigAction dfl;
  SigAction ign{kHandlerIgnore, 0, 0, 0};
  EXPECT_TRUE(ignored_when_sent(dfl, kSIGCHLD, false));
  EXPECT_TRUE(ignored_when_sent(ign, kSIGTERM, false));
  EXPECT_TRUE(ignored_when_sent(dfl, kSIGCONT, false));  // resumes at sending, then is dropped
  // Blocked: kept pending, the action may change before it is unblocked.
  EXPECT_FALSE(ignored_when_sent(ign, kSIGTERM, true));
  EXPECT_FALSE(ignored_when_sent(dfl, kSIGCHLD, true));
  EXPECT_FALSE(ignored_when_sent(dfl, kSIGTERM, false));
}

TEST(Signal, FatalAtSendingOnlyWithTheDefaultActionUnblocked) {
  SigAction dfl;
  SigAction caught{0x401000, 0, 0, 0};
  EXPECT_TRUE(fatal_when_sent(dfl, kSIGTERM, false));
  EXPECT_TRUE(fatal_when_sent(dfl, kSIGSEGV, false));
  EXPECT_FALSE(fatal_when_sent(dfl, kSIGTERM, true));
  EXPECT_FALSE(fatal_when_sent(caught, kSIGTERM, false));
  EXPECT_FALSE(fatal_when_sent(dfl, kSIGTSTP, false));
  EXPECT_FALSE(fatal_when_sent(dfl, kSIGCHLD, false));
}

TEST(Signal, QueueCoalescesAndKeepsTheFirstInfo) {
  SigQueue q;
  SigInfo first{kSIGUSR1, kSiUser, 7, 0, 0, 0, 0, 0};
  SigInfo second{kSIGUSR1, kSiTkill, 8, 0, 0, 0, 0, 0};
  EXPECT_TRUE(q.add(first));
  EXPECT_FALSE(q.add(second));
  EXPECT_TRUE(q.has(kSIGUSR1));
  SigInfo got = q.take(kSIGUSR1);
  EXPECT_EQ(got.pid, 7);
  EXPECT_FALSE(q.has(kSIGUSR1));
  EXPECT_FALSE(q.add(SigInfo{0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(q.add(SigInfo{65, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(q.set, 0u);
}

TEST(Signal, NextIsSynchronousFirstThenLowestUnblocked) {
  SigQueue q;
  for (int sig : {kSIGUSR2, kSIGUSR1, kSIGSEGV, 40}) q.add(SigInfo{sig, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(q.next(0), kSIGSEGV);
  EXPECT_EQ(q.next(signal_bit(kSIGSEGV)), kSIGUSR1);
  EXPECT_EQ(q.next(signal_bit(kSIGSEGV) | signal_bit(kSIGUSR1)), kSIGUSR2);
  EXPECT_EQ(q.next(~signal_bit(40)), 40);
  EXPECT_EQ(q.next(~0ull), 0);
  q.add(SigInfo{kSIGKILL, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(q.next(~0ull), kSIGKILL);  // never blocked
  q.discard(~0ull);
  EXPECT_EQ(q.next(0), 0);
}

TEST(Signal, NamesAndNumbers) {
  EXPECT_STREQ(signal_name(kSIGKILL), "KILL");
  EXPECT_STREQ(signal_name(kSIGTSTP), "TSTP");
  EXPECT_STREQ(signal_name(kSIGSYS), "SYS");
  EXPECT_EQ(signal_name(0), nullptr);
  EXPECT_EQ(signal_name(34), nullptr);
  EXPECT_EQ(signal_from_text("9"), kSIGKILL);
  EXPECT_EQ(signal_from_text("KILL"), kSIGKILL);
  EXPECT_EQ(signal_from_text("SIGKILL"), kSIGKILL);
  EXPECT_EQ(signal_from_text("sigstop"), kSIGSTOP);
  EXPECT_EQ(signal_from_text("Cont"), kSIGCONT);
  EXPECT_EQ(signal_from_text("64"), 64);
  for (const char* bad : {"", "0", "65", "99999999999", "KIL", "KILLL", "SIG", "9x", "-9", "SIGSIGKILL"}) {
    EXPECT_EQ(signal_from_text(bad), 0) << bad;
  }
  for (int sig = 1; sig < 32; ++sig) EXPECT_EQ(signal_from_text(signal_name(sig)), sig);
}

TEST(Signal, ExecResetsCaughtButKeepsIgnored) {
  SignalState s;
  s.actions[kSIGINT - 1].handler = kHandlerIgnore;
  s.actions[kSIGTERM - 1] = SigAction{0x401000, kSaRestorer, 0x402000, 0x2};
  s.reset_handlers_for_exec();
  EXPECT_EQ(s.action(kSIGINT).handler, kHandlerIgnore);
  EXPECT_EQ(s.action(kSIGTERM).handler, kHandlerDefault);
  EXPECT_EQ(s.action(kSIGTERM).mask, 0u);
}

}  // namespace
}  // namespace akuma::proc
