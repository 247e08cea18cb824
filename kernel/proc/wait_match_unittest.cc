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
  m.consider(1, 5, 0, ChildEvent::kExited);  // someone else's zombie
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, AnyChildReapsFirstZombie) {
  auto m = make(2, -1);
  m.consider(3, 2, 0, ChildEvent::kNone);
  m.consider(4, 2, 0, ChildEvent::kExited);
  m.consider(5, 2, 0, ChildEvent::kExited);
  auto d = m.decision();
  EXPECT_EQ(d.outcome, WaitOutcome::kReport);
  EXPECT_EQ(d.pid, 4);
}

TEST(WaitMatch, LiveChildMeansWait) {
  auto m = make(2, -1);
  m.consider(3, 2, 0, ChildEvent::kNone);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kMustWait);
}

TEST(WaitMatch, SpecificPidIgnoresOtherZombies) {
  auto m = make(2, 3);
  m.consider(3, 2, 0, ChildEvent::kNone);
  m.consider(4, 2, 0, ChildEvent::kExited);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kMustWait);
}

TEST(WaitMatch, SpecificPidOfAnotherParentIsEchild) {
  auto m = make(2, 7);
  m.consider(7, 1, 0, ChildEvent::kExited);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, SelfIsNeverOwnChild) {
  // PID 0's own entry has ppid 0: it must not match wait4(-1) from PID 0.
  auto m = make(0, -1);
  m.consider(0, 0, 0, ChildEvent::kNone);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
}

TEST(WaitMatch, OwnGroupWithZero) {
  auto m = make(2, 0, /*caller_pgid=*/7);
  m.consider(3, 2, 8, ChildEvent::kExited);   // another group: not ours
  m.consider(4, 2, 7, ChildEvent::kNone);  // our group, alive
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kMustWait);
  m.consider(5, 2, 7, ChildEvent::kExited);
  EXPECT_EQ(m.decision().pid, 5);
}

TEST(WaitMatch, NamedGroupWithNegativePid) {
  auto m = make(2, -8, /*caller_pgid=*/7);
  m.consider(3, 2, 7, ChildEvent::kExited);
  EXPECT_EQ(m.decision().outcome, WaitOutcome::kNoChild);
  m.consider(4, 2, 8, ChildEvent::kExited);
  EXPECT_EQ(m.decision().pid, 4);
}

TEST(WaitMatch, StopsAndContinuesAreReportedInTableOrder) {
  auto m = make(2, -1);
  m.consider(3, 2, 0, ChildEvent::kNone);
  m.consider(4, 2, 0, ChildEvent::kStopped);
  m.consider(5, 2, 0, ChildEvent::kExited);
  auto d = m.decision();
  EXPECT_EQ(d.outcome, WaitOutcome::kReport);
  EXPECT_EQ(d.pid, 4);
  EXPECT_EQ(d.event, ChildEvent::kStopped);
  auto c = make(2, 6);
  c.consider(6, 2, 0, ChildEvent::kContinued);
  EXPECT_EQ(c.decision().event, ChildEvent::kContinued);
}

TEST(WaitMatch, IntMinIsInvalid) {
  EXPECT_FALSE(WaitMatcher::create(1, 0, -2147483647 - 1).ok());
  EXPECT_TRUE(WaitMatcher::create(1, 0, -2147483647).ok());
}

}  // namespace
}  // namespace akuma::proc
