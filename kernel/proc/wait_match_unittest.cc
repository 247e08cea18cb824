#include "kernel/proc/wait_match.h"

#include <gtest/gtest.h>

namespace akuma::proc {
namespace {

WaitMatcher make(int caller, int wanted) {
  auto m = WaitMatcher::create(caller, wanted);
  EXPECT_TRUE(m.ok());
  return m.release_value();
}

TEST(WaitMatch, NoChildrenIsEchild) {
  auto m = make(0, -1);
  m.consider(1, 5, true);  // someone else's zombie
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, AnyChildReapsFirstZombie) {
  auto m = make(2, -1);
  m.consider(3, 2, false);
  m.consider(4, 2, true);
  m.consider(5, 2, true);
  auto d = m.decision();
  EXPECT_EQ(d.outcome, WaitOutcome::kReap);
  EXPECT_EQ(d.pid, 4);
}

TEST(WaitMatch, LiveChildMeansWait) {
  auto m = make(2, -1);
  m.consider(3, 2, false);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kMustWait);
}

TEST(WaitMatch, SpecificPidIgnoresOtherZombies) {
  auto m = make(2, 3);
  m.consider(3, 2, false);
  m.consider(4, 2, true);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kMustWait);
}

TEST(WaitMatch, SpecificPidOfAnotherParentIsEchild) {
  auto m = make(2, 7);
  m.consider(7, 1, true);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, SelfIsNeverOwnChild) {
  // PID 0's own entry has ppid 0: it must not match wait4(-1) from PID 0.
  auto m = make(0, -1);
  m.consider(0, 0, false);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, ProcessGroupFormsRejected) {
  EXPECT_FALSE(WaitMatcher::create(1, 0).ok());
  EXPECT_FALSE(WaitMatcher::create(1, -5).ok());
}

}  // namespace
}  // namespace akuma::proc
