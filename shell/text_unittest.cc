#include "shell/text.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace akuma::shell {
namespace {

TEST(PsFormat, MatchesTheSeed) {
  char buf[128];
  format_ps_header(buf, sizeof(buf));
  EXPECT_STREQ(buf, "  PID  PPID  STATE     NAME");
  format_ps_row(buf, sizeof(buf), 1, 0, "blocked", "httpd");
  EXPECT_STREQ(buf, "    1     0  blocked   httpd");
  format_ps_row(buf, sizeof(buf), 12345, 3, "running", "spinner");
  EXPECT_STREQ(buf, "12345     3  running   spinner");
}

TEST(JobsFormat, Columns) {
  char buf[128];
  format_jobs_header(buf, sizeof(buf));
  EXPECT_STREQ(buf, "  PID  STATE     COMMAND");
  format_jobs_row(buf, sizeof(buf), 2, "blocked", "sleeper 100000");
  EXPECT_STREQ(buf, "    2  blocked   sleeper 100000");
}

struct ArgCase {
  const char* line;
  bool required;
  bool ok;
  const char* err;
  bool given;
  int pid;
};

TEST(PidArg, Cases) {
  const ArgCase cases[] = {
      {"kill 1", true, true, "", true, 1},
      {"kill 0", true, true, "", true, 0},  // pid 0 is refused by kill itself
      {"kill", true, false, "kill: usage: kill <pid>", false, 0},
      {"kill 1 2", true, false, "kill: usage: kill <pid>", false, 0},
      {"kill abc", true, false, "kill: 'abc' is not a process id", false, 0},
      {"kill -9", true, false, "kill: '-9' is not a process id", false, 0},
      {"kill 99999999999", true, false, "kill: '99999999999' is not a process id", false, 0},
      {"wait", false, true, "", false, 0},
      {"wait 7", false, true, "", true, 7},
      {"wait x", false, false, "wait: 'x' is not a process id", false, 0},
      {"wait 1 2", false, false, "wait: usage: wait [pid]", false, 0},
  };
  for (const ArgCase& c : cases) {
    Command cmd;
    parse(c.line, std::strlen(c.line), cmd);
    PidArg arg;
    char err[96] = "";
    EXPECT_EQ(parse_pid_arg(cmd, c.required, arg, err, sizeof(err)), c.ok) << c.line;
    EXPECT_STREQ(err, c.err) << c.line;
    EXPECT_EQ(arg.given, c.given) << c.line;
    EXPECT_EQ(arg.pid, c.pid) << c.line;
  }
}

}  // namespace
}  // namespace akuma::shell
