// The shell's fixed texts: `ps` and `jobs` rows and the argument checks of the
// builtins that take a pid. Pure logic, host tested.
#pragma once

#include <stddef.h>

#include "shell/parser.h"

namespace akuma::shell {

// `ps`:   "  PID  PPID  STATE     NAME"
//         "    1     0  blocked   httpd"
// (pid and ppid right-aligned in 5 columns, the state left-aligned in 8.)
size_t format_ps_header(char* buf, size_t n);
size_t format_ps_row(char* buf, size_t n, int pid, int ppid, const char* state, const char* name);

// `ps -l`: "  PID  PPID  PGID  STATE     THR      TIME    RSS  NAME"
//          "    1     0     1  blocked     1   0:00.02    132  httpd"
// (TIME: user + system CPU time as m:ss.cc; RSS: resident KiB now.)
size_t format_ps_long_header(char* buf, size_t n);
size_t format_ps_long_row(char* buf, size_t n, int pid, int ppid, int pgid, const char* state, int threads, int cpu,
                          unsigned long long cpu_ns, unsigned long long rss_kib, const char* name);

// `jobs`: "  PID  STATE     COMMAND" / "    2  blocked   ticker 3 100000"
size_t format_jobs_header(char* buf, size_t n);
size_t format_jobs_row(char* buf, size_t n, int pid, const char* state, const char* command);

// The argument of `kill <pid>` / `wait [pid]`: exactly one decimal pid (for
// wait: at most one). On error, false with a one-line message (no newline)
// naming the builtin, e.g. "kill: 'x' is not a process id".
struct PidArg {
  bool given = false;  // wait without a pid: every job
  int pid = 0;
};
bool parse_pid_arg(const Command& cmd, bool required, PidArg& out, char* err, size_t n);

// `kill [-SIGNAL] <pid>` and `kill -l`. SIGNAL is a number (-9) or a name
// with or without SIG (-KILL, -SIGSTOP, any case); bare `kill <pid>` is
// SIGKILL. On error, false with a one-line message.
struct KillArgs {
  bool list = false;          // kill -l
  bool signal_given = false;  // -SIGNAL was there
  int signal = 9;
  int pid = 0;
};
bool parse_kill_args(const Command& cmd, KillArgs& out, char* err, size_t n);
// kill -l: "SIGNAL  NAME" rows for 1..31, four to a line, e.g.
// " 1 HUP      2 INT      3 QUIT     4 ILL", each line ending in "\n".
size_t format_signal_list(char* buf, size_t n);

// `time CMD`: "real 0.512 s\nuser 0.004 s\nsys  0.010 s\n".
size_t format_time_report(char* buf, size_t n, unsigned long long real_ns, unsigned long long user_ns,
                          unsigned long long sys_ns);

}  // namespace akuma::shell
