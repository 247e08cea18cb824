#include "shell/jobs.h"

#include <gtest/gtest.h>

#include <string>

namespace akuma::shell {
namespace {

TEST(JoinCommand, JoinsWordsWithSpaces) {
  const char* argv[] = {"ticker", "3", "100", nullptr};
  char out[32];
  join_command(argv, out, sizeof(out));
  EXPECT_STREQ(out, "ticker 3 100");
}

TEST(JoinCommand, CutsLongLinesWithDots) {
  const char* argv[] = {"abcdefgh", "ijklmnop", nullptr};
  char out[10];
  join_command(argv, out, sizeof(out));
  EXPECT_STREQ(out, "abcdef...");
  EXPECT_EQ(std::string(out).size(), 9u);
}

TEST(JoinCommand, ExactFitIsNotCut) {
  const char* argv[] = {"abc", "de", nullptr};
  char out[7];
  join_command(argv, out, sizeof(out));
  EXPECT_STREQ(out, "abc de");
}

TEST(JobTable, AddFindRemoveKeepsOrder) {
  JobTable t;
  const char* a[] = {"httpd", nullptr};
  const char* b[] = {"sleeper", "5000", nullptr};
  const char* c[] = {"ticker", nullptr};
  ASSERT_TRUE(t.add(1, true, a));
  ASSERT_TRUE(t.add(2, false, b));
  ASSERT_TRUE(t.add(3, true, c));
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.background_count(), 2u);
  ASSERT_NE(t.find(2), nullptr);
  EXPECT_STREQ(t.find(2)->command, "sleeper 5000");
  EXPECT_FALSE(t.find(2)->background);
  EXPECT_TRUE(t.remove(2));
  EXPECT_FALSE(t.remove(2));
  EXPECT_EQ(t.find(2), nullptr);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.at(0).pid, 1);
  EXPECT_EQ(t.at(1).pid, 3);
}

TEST(JobTable, RejectsDuplicatesAndOverflow) {
  JobTable t;
  const char* a[] = {"x", nullptr};
  for (int pid = 1; pid <= static_cast<int>(JobTable::kMaxJobs); ++pid) ASSERT_TRUE(t.add(pid, true, a));
  EXPECT_FALSE(t.add(100, true, a));
  EXPECT_TRUE(t.remove(5));
  EXPECT_FALSE(t.add(1, true, a));
  EXPECT_TRUE(t.add(100, true, a));
}

}  // namespace
}  // namespace akuma::shell
