#include "shell/text.h"

#include <gtest/gtest.h>

#include <algorithm>
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

TEST(PsLongFormat, Columns) {
  char buf[160];
  format_ps_long_header(buf, sizeof(buf));
  EXPECT_STREQ(buf, "  PID  PPID  PGID  STATE     THR  CPU      TIME    RSS  NAME");
  format_ps_long_row(buf, sizeof(buf), 1, 0, 1, "blocked", 1, 0, 20000000ull, 132, "httpd");
  EXPECT_STREQ(buf, "    1     0     1  blocked     1    0   0:00.02    132  httpd");
  // 61.5 s of CPU: 1 minute, 1.50 s; last on CPU 3.
  format_ps_long_row(buf, sizeof(buf), 7, 1, 7, "running", 12, 3, 61500000000ull, 98765, "spinner");
  EXPECT_STREQ(buf, "    7     1     7  running    12    3   1:01.50  98765  spinner");
  format_ps_long_row(buf, sizeof(buf), 9, 1, 9, "zombie", 0, -1, 0ull, 0, "exit_with");
  EXPECT_STREQ(buf, "    9     1     9  zombie      0    -   0:00.00      0  exit_with");
}

struct KillCase {
  const char* line;
  bool ok;
  const char* err;
  bool list;
  bool given;
  int signal;
  int pid;
};

TEST(KillArgs, Cases) {
  const KillCase cases[] = {
      {"kill 5", true, "", false, false, 9, 5},
      {"kill -9 5", true, "", false, true, 9, 5},
      {"kill -KILL 5", true, "", false, true, 9, 5},
      {"kill -SIGSTOP 5", true, "", false, true, 19, 5},
      {"kill -cont 5", true, "", false, true, 18, 5},
      {"kill -TERM 5", true, "", false, true, 15, 5},
      {"kill -INT 5", true, "", false, true, 2, 5},
      {"kill -l", true, "", true, false, 9, 0},
      {"kill", false, "kill: usage: kill [-SIGNAL] <pid> | kill -l", false, false, 9, 0},
      {"kill -9", false, "kill: usage: kill [-SIGNAL] <pid> | kill -l", false, true, 9, 0},
      {"kill 1 2", false, "kill: usage: kill [-SIGNAL] <pid> | kill -l", false, false, 9, 0},
      {"kill -9 1 2", false, "kill: usage: kill [-SIGNAL] <pid> | kill -l", false, true, 9, 0},
      {"kill -l 3", false, "kill: unknown signal '-l' (kill -l lists them)", false, false, 9, 0},
      {"kill -FOO 5", false, "kill: unknown signal '-FOO' (kill -l lists them)", false, false, 9, 0},
      {"kill -0 5", false, "kill: unknown signal '-0' (kill -l lists them)", false, false, 9, 0},
      {"kill -65 5", false, "kill: unknown signal '-65' (kill -l lists them)", false, false, 9, 0},
      {"kill abc", false, "kill: 'abc' is not a process id", false, false, 9, 0},
      {"kill -TERM x", false, "kill: 'x' is not a process id", false, true, 15, 0},
  };
  for (const KillCase& c : cases) {
    Command cmd;
    parse(c.line, std::strlen(c.line), cmd);
    KillArgs args;
    char err[96] = "";
    EXPECT_EQ(parse_kill_args(cmd, args, err, sizeof(err)), c.ok) << c.line;
    EXPECT_STREQ(err, c.err) << c.line;
    EXPECT_EQ(args.list, c.list) << c.line;
    EXPECT_EQ(args.signal_given, c.given) << c.line;
    EXPECT_EQ(args.signal, c.signal) << c.line;
    EXPECT_EQ(args.pid, c.pid) << c.line;
  }
}

TEST(SignalList, FourToALine) {
  char buf[1024];
  format_signal_list(buf, sizeof(buf));
  std::string s(buf);
  EXPECT_EQ(s.substr(0, 40), " 1 HUP      2 INT      3 QUIT     4 ILL\n");
  EXPECT_NE(s.find(" 9 KILL    10 USR1    11 SEGV    12 USR2\n"), std::string::npos);
  EXPECT_NE(s.find("29 IO      30 PWR     31 SYS\n"), std::string::npos);
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 8);
}

TEST(TimeReport, Milliseconds) {
  char buf[128];
  format_time_report(buf, sizeof(buf), 512345678ull, 4000000ull, 10999999ull);
  EXPECT_STREQ(buf, "real 0.512 s\nuser 0.004 s\nsys  0.010 s\n");
  format_time_report(buf, sizeof(buf), 61000000000ull, 0, 0);
  EXPECT_STREQ(buf, "real 61.000 s\nuser 0.000 s\nsys  0.000 s\n");
}

}  // namespace
}  // namespace akuma::shell
