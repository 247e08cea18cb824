#include "shell/text.h"

#include "kernel/lib/format.h"

namespace akuma::shell {

namespace {
constexpr unsigned long kMaxPid = 0x7fffffff;
}

size_t format_ps_header(char* buf, size_t n) {
  return format_to(buf, n, "%5s %5s  %-8s  %s", "PID", "PPID", "STATE", "NAME");
}

size_t format_ps_row(char* buf, size_t n, int pid, int ppid, const char* state, const char* name) {
  return format_to(buf, n, "%5d %5d  %-8s  %s", pid, ppid, state, name);
}

size_t format_jobs_header(char* buf, size_t n) {
  return format_to(buf, n, "%5s  %-8s  %s", "PID", "STATE", "COMMAND");
}

size_t format_jobs_row(char* buf, size_t n, int pid, const char* state, const char* command) {
  return format_to(buf, n, "%5d  %-8s  %s", pid, state, command);
}

bool parse_pid_arg(const Command& cmd, bool required, PidArg& out, char* err, size_t n) {
  const char* name = cmd.argc ? cmd.argv[0] : "?";
  out = PidArg{};
  if (cmd.argc > 2 || (required && cmd.argc < 2)) {
    format_to(err, n, "%s: usage: %s %s", name, name, required ? "<pid>" : "[pid]");
    return false;
  }
  if (cmd.argc < 2) return true;
  unsigned long pid = 0;
  if (!parse_number(cmd.argv[1], kMaxPid, pid)) {
    format_to(err, n, "%s: '%s' is not a process id", name, cmd.argv[1]);
    return false;
  }
  out.given = true;
  out.pid = static_cast<int>(pid);
  return true;
}

}  // namespace akuma::shell
