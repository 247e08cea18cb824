#include "kernel/proc/wait_match.h"

#include <gtest/gtest.h>

namespace akuma::proc {
namespace {

WaitMatcher make(int caller, int wanted, int caller_pgid = 0) {
  auto m = WaitMatcher::create(caller, caller_pgid, wanted);
  EXPECT_TRUE(m.ok());
  return m.release_value();
}

TEST(WaitMatch, NoChildrenIsEchild) {
  auto m = make(0, -1);
  m.consider(1, 5, 0, true);  // someone else's zombie
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, AnyChildReapsFirstZombie) {
  auto m = make(2, -1);
  m.consider(3, 2, 0, false);
  m.consider(4, 2, 0, true);
  m.consider(5, 2, 0, true);
  auto d = m.decision();
  EXPECT_EQ(d.outcome, WaitOutcome::kReap);
  EXPECT_EQ(d.pid, 4);
}

TEST(WaitMatch, LiveChildMeansWait) {
  auto m = make(2, -1);
  m.consider(3, 2, 0, false);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kMustWait);
}

TEST(WaitMatch, SpecificPidIgnoresOtherZombies) {
  auto m = make(2, 3);
  m.consider(3, 2, 0, false);
  m.consider(4, 2, 0, true);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kMustWait);
}

TEST(WaitMatch, SpecificPidOfAnotherParentIsEchild) {
  auto m = make(2, 7);
  m.consider(7, 1, 0, true);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, SelfIsNeverOwnChild) {
  // PID 0's own entry has ppid 0: it must not match wait4(-1) from PID 0.
  auto m = make(0, -1);
  m.consider(0, 0, 0, false);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, OwnGroupWithZero) {
  auto m = make(2, 0, /*caller_pgid=*/7);
  m.consider(3, 2, 8, true);   // another group: not ours
  m.consider(4, 2, 7, false);  // our group, alive
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kMustWait);
  m.consider(5, 2, 7, true);
  EXPECT_EQ(m.decision().pid, 5);
}

TEST(WaitMatch, NamedGroupWithNegativePid) {
  auto m = make(2, -8, /*caller_pgid=*/7);
  m.consider(3, 2, 7, true);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
  m.consider(4, 2, 8, true);
  EXPECT_EQ(m.decision().pid, 4);
}

TEST(WaitMatch, IntMinIsInvalid) {
  EXPECT_FALSE(WaitMatcher::create(1, 0, -2147483647 - 1).ok());
  EXPECT_TRUE(WaitMatcher::create(1, 0, -2147483647).ok());
}

}  // namespace
}  // namespace akuma::proc
