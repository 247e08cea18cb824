#include "shell/text.h"

#include "kernel/lib/format.h"
#include "kernel/proc/signal.h"

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

size_t format_ps_long_header(char* buf, size_t n) {
  return format_to(buf, n, "%5s %5s %5s  %-8s  %3s  %3s  %8s  %5s  %s", "PID", "PPID", "PGID", "STATE", "THR", "CPU",
                   "TIME", "RSS", "NAME");
}

size_t format_ps_long_row(char* buf, size_t n, int pid, int ppid, int pgid, const char* state, int threads, int cpu,
                          unsigned long long cpu_ns, unsigned long long rss_kib, const char* name) {
  char where[8] = "-";  // a zombie runs nowhere
  if (cpu >= 0) format_to(where, sizeof(where), "%d", cpu);
  unsigned long long cs = cpu_ns / 10000000ull;  // hundredths of a second
  char time[24];
  format_to(time, sizeof(time), "%llu:%02llu.%02llu", cs / 6000, cs / 100 % 60, cs % 100);
  return format_to(buf, n, "%5d %5d %5d  %-8s  %3d  %3s  %8s  %5llu  %s", pid, ppid, pgid, state, threads, where, time,
                   rss_kib, name);
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

bool parse_kill_args(const Command& cmd, KillArgs& out, char* err, size_t n) {
  out = KillArgs{};
  size_t i = 1;
  if (cmd.argc == 2 && cmd.argv[1][0] == '-' && (cmd.argv[1][1] == 'l' || cmd.argv[1][1] == 'L') &&
      cmd.argv[1][2] == '\0') {
    out.list = true;
    return true;
  }
  if (cmd.argc >= 2 && cmd.argv[1][0] == '-') {
    int sig = proc::signal_from_text(cmd.argv[1] + 1);
    if (sig == 0) {
      format_to(err, n, "kill: unknown signal '%s' (kill -l lists them)", cmd.argv[1]);
      return false;
    }
    out.signal = sig;
    out.signal_given = true;
    i = 2;
  }
  if (cmd.argc != i + 1) {
    format_to(err, n, "kill: usage: kill [-SIGNAL] <pid> | kill -l");
    return false;
  }
  unsigned long pid = 0;
  if (!parse_number(cmd.argv[i], kMaxPid, pid)) {
    format_to(err, n, "kill: '%s' is not a process id", cmd.argv[i]);
    return false;
  }
  out.pid = static_cast<int>(pid);
  return true;
}

size_t format_signal_list(char* buf, size_t n) {
  size_t len = 0;
  for (int sig = 1; sig < 32; ++sig) {
    bool last_of_line = sig % 4 == 0 || sig == 31;
    const char* fmt = last_of_line ? "%2d %s\n" : "%2d %-8s";
    if (len < n) len += format_to(buf + len, n - len, fmt, sig, proc::signal_name(sig));
  }
  return len;
}

size_t format_time_report(char* buf, size_t n, unsigned long long real_ns, unsigned long long user_ns,
                          unsigned long long sys_ns) {
  auto ms = [](unsigned long long ns) { return ns / 1000000ull; };
  return format_to(buf, n, "real %llu.%03llu s\nuser %llu.%03llu s\nsys  %llu.%03llu s\n", ms(real_ns) / 1000,
                   ms(real_ns) % 1000, ms(user_ns) / 1000, ms(user_ns) % 1000, ms(sys_ns) / 1000, ms(sys_ns) % 1000);
}

}  // namespace akuma::shell
