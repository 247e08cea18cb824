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

}  // namespace akuma::shell
