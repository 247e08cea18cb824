#include "kernel/proc/process_state.h"

#include <gtest/gtest.h>

namespace akuma::proc {
namespace {

using S = ProcessState;

TEST(Lifecycle, StartsReady) {
  Lifecycle l;
  EXPECT_EQ(l.state(), S::kReady);
  EXPECT_TRUE(l.alive());
}

TEST(Lifecycle, NormalLifeEndsReaped) {
  Lifecycle l;
  for (S to : {S::kRunning, S::kBlocked, S::kReady, S::kRunning, S::kReady, S::kRunning, S::kZombie}) {
    ASSERT_TRUE(l.transition(to).ok()) << process_state_name(to);
  }
  EXPECT_FALSE(l.alive());
  EXPECT_TRUE(l.transition(S::kReaped).ok());
}

TEST(Lifecycle, ZombieOnlyFromRunning) {
  // Exit, fault and kill all end on the victim's own threads.
  EXPECT_FALSE(Lifecycle::allowed(S::kReady, S::kZombie));
  EXPECT_FALSE(Lifecycle::allowed(S::kBlocked, S::kZombie));
  EXPECT_FALSE(Lifecycle::allowed(S::kStopped, S::kZombie));
  EXPECT_TRUE(Lifecycle::allowed(S::kRunning, S::kZombie));
}

TEST(Lifecycle, LiveStatesFollowTheThreads) {
  // With several threads, any live state can follow any other (one thread
  // blocks while another is ready; the last thread parks in a stop).
  for (S from : {S::kReady, S::kRunning, S::kBlocked, S::kStopped}) {
    for (S to : {S::kReady, S::kRunning, S::kBlocked, S::kStopped}) {
      EXPECT_EQ(Lifecycle::allowed(from, to), from != to) << process_state_name(from) << process_state_name(to);
    }
  }
}

TEST(Lifecycle, StoppedIsAliveAndCanBeKilled) {
  Lifecycle l;
  for (S to : {S::kRunning, S::kBlocked, S::kStopped, S::kRunning, S::kZombie}) {
    ASSERT_TRUE(l.transition(to).ok()) << process_state_name(to);
  }
  EXPECT_TRUE(l.transition(S::kReaped).ok());
}

TEST(Lifecycle, SecondExitIsRejectedWithoutChange) {
  Lifecycle l;
  ASSERT_TRUE(l.transition(S::kRunning).ok());
  ASSERT_TRUE(l.transition(S::kZombie).ok());
  auto again = l.transition(S::kZombie);
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(again.error(), Error::kInvalidArgument);
  EXPECT_EQ(l.state(), S::kZombie);
}

TEST(Lifecycle, ZombieNeverRunsAgain) {
  for (S to : {S::kReady, S::kRunning, S::kBlocked, S::kStopped}) EXPECT_FALSE(Lifecycle::allowed(S::kZombie, to));
}

TEST(Lifecycle, ReapedIsFinal) {
  for (S to : {S::kReady, S::kRunning, S::kBlocked, S::kStopped, S::kZombie, S::kReaped})
    EXPECT_FALSE(Lifecycle::allowed(S::kReaped, to));
}

TEST(Lifecycle, OnlyAZombieIsReaped) {
  for (S from : {S::kReady, S::kRunning, S::kBlocked, S::kStopped}) EXPECT_FALSE(Lifecycle::allowed(from, S::kReaped));
}

TEST(Lifecycle, Names) {
  EXPECT_STREQ(process_state_name(S::kBlocked), "blocked");
  EXPECT_STREQ(process_state_name(S::kZombie), "zombie");
  EXPECT_STREQ(process_state_name(S::kStopped), "stopped");
}

}  // namespace
}  // namespace akuma::proc
