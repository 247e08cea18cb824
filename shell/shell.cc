// The serial console shell, PID 0's program in the full kernel (//:akuma):
// prompt "akuma:/> ", line editing, builtins, programs from the image run by
// name in the foreground or, with a trailing '&', in the background. The
// rules for output, blank lines and job reports are in shell/README.md.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/program_image.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sched/wait_queue.h"
#include "shell/jobs.h"
#include "shell/line_editor.h"
#include "shell/parser.h"
#include "shell/text.h"

namespace akuma {
namespace {

using proc::Pid;
using sched::SchedLock;

constexpr const char* kPrompt = "akuma:/> ";
// After `cmd &` the prompt waits until the job blocks or exits, or this long
// if it computes without pause (README: "Background jobs").
constexpr uint64_t kSettleMs = 200;
constexpr char kCtrlC = 0x03;
constexpr char kCtrlD = 0x04;

shell::JobTable jobs;  // main shell thread only

// ---------------------------------------------------------------- input
//
// One kernel thread ("shell-input") is the console's only reader. While a
// job is in the foreground its keys go to that job (Ctrl-C interrupts it,
// Ctrl-D ends its input, other bytes are echoed and become its stdin);
// otherwise they queue for the line editor. The main thread may be blocked in
// read_output or wait4 meanwhile, which is why a second thread reads keys.

struct InputQueue {
  static constexpr size_t kSize = 256;  // type-ahead; when full, reading pauses
  char bytes[kSize];                    // sched lock
  size_t head = 0;                      // sched lock
  size_t count = 0;                     // sched lock
  sched::WaitQueue readers;             // the main thread, waiting for a key
  sched::WaitQueue writers;             // the input thread, waiting for space or a job
};
InputQueue input;
Pid foreground = 0;  // sched lock: the job that gets the keys (0: the editor)

void set_foreground(Pid pid) {
  SchedLock lock;
  foreground = pid;
  input.writers.wake_all();
}

// A foreground job's input is line-buffered, like a terminal in cooked mode:
// the job gets whole lines (or the rest at Ctrl-D), so what it reads does not
// depend on typing speed. Input thread only.
struct JobLine {
  static constexpr size_t kMax = 256;
  Pid pid = 0;  // the job the line is for; another job starts a new line
  char text[kMax];
  size_t len = 0;
};
JobLine job_line;

void flush_job_line(Pid pid) {
  if (job_line.len) (void)proc::write_input(pid, job_line.text, job_line.len);  // the rest if full
  job_line.len = 0;
}

void key_for_job(Pid pid, char c) {
  if (job_line.pid != pid) job_line = JobLine{pid, {}, 0};
  switch (c) {
    case kCtrlC:
      console_write("^C\n", 3);
      job_line.len = 0;
      (void)proc::kill(pid, abi::kSIGINT);  // gone already: nothing to interrupt
      return;
    case kCtrlD:
      flush_job_line(pid);
      (void)proc::close_input(pid);
      return;
    case '\r':
    case '\n':
      console_write("\n", 1);
      job_line.text[job_line.len++] = '\n';  // kMax - 1 printable bytes at most
      flush_job_line(pid);
      return;
    case 0x08:
    case 0x7f:
      if (job_line.len) --job_line.len, console_write("\b \b", 3);
      return;
    default:
      if (c < 0x20 || c >= 0x7f || job_line.len == JobLine::kMax - 1) return;
      job_line.text[job_line.len++] = c;
      console_write(&c, 1);
  }
}

void input_thread(void*) {
  for (;;) {
    char c = console_read_char();
    Pid job;
    {
      SchedLock lock;
      while ((job = foreground) == 0 && input.count == InputQueue::kSize) {
        (void)input.writers.wait(sched::Wait::kUninterruptible);
      }
      if (job == 0) {
        input.bytes[(input.head + input.count++) % InputQueue::kSize] = c;
        input.readers.wake_all();
        continue;
      }
    }
    key_for_job(job, c);
  }
}

char next_key() {
  SchedLock lock;
  while (input.count == 0) (void)input.readers.wait(sched::Wait::kUninterruptible);
  char c = input.bytes[input.head];
  input.head = (input.head + 1) % InputQueue::kSize;
  --input.count;
  input.writers.wake_all();
  return c;
}

// ---------------------------------------------------------------- jobs

void print_exit_code(int status) {
  int code = abi::shell_exit_code(status);
  if (code != 0) kprintf("[exit code: %d]\n", code);
}

// A background job's end: "Process N (cmd) exited", then its exit code
// unless 0. The job leaves the table.
void report_background_end(Pid pid, int status) {
  shell::JobTable::Job* job = jobs.find(pid);
  if (!job) return;  // an orphan handed to PID 0: reaped silently
  kprintf("Process %d (%s) exited\n", pid, job->command);
  print_exit_code(status);
  jobs.remove(pid);
}

// Reaps every zombie child of PID 0 (background jobs, orphans).
void reap_finished() {
  for (;;) {
    auto r = proc::wait4(-1, abi::kWNOHANG);
    if (!r.ok() || r.value().pid == 0) return;
    report_background_end(r.value().pid, r.value().status);
  }
}

void report_spawn_error(const char* name, Error e) {
  if (e == Error::kNotFound) {
    kprintf("%s: command not found (try 'help' or 'ls')\n", name);
  } else {
    kprintf("%s: cannot start: %s\n", name, error_name(e));
  }
}

// Foreground: the job's stdout comes through its channel and is printed as
// it arrives; the shell waits for the end and reports a non-zero status.
void run_foreground(const shell::Command& cmd) {
  auto spawned = proc::spawn(cmd.argv[0], cmd.argv, abi::Stdio::kChannel);
  if (!spawned.ok()) return report_spawn_error(cmd.argv[0], spawned.error());
  Pid pid = spawned.value();
  set_foreground(pid);
  static char buf[512];
  for (;;) {
    auto n = proc::read_output(pid, buf, sizeof(buf));
    if (!n.ok() || n.value() == 0) break;
    console_write(buf, n.value());
  }
  set_foreground(0);
  auto w = proc::wait4(pid, 0);
  if (w.ok()) print_exit_code(w.value().status);
}

// Background: the job writes straight to the console; the prompt comes back
// once it has blocked, exited or computed for kSettleMs.
void run_background(const shell::Command& cmd) {
  auto spawned = proc::spawn(cmd.argv[0], cmd.argv, abi::Stdio::kConsole);
  if (!spawned.ok()) return report_spawn_error(cmd.argv[0], spawned.error());
  Pid pid = spawned.value();
  if (!jobs.add(pid, true, cmd.argv)) {
    kprintf("%s: too many jobs (at most %zu); killing pid %d\n", cmd.argv[0], shell::JobTable::kMaxJobs, pid);
    (void)proc::kill(pid);
    (void)proc::wait4(pid, 0);
    return;
  }
  (void)proc::wait_settled(pid, kSettleMs);
}

// Waits for one background job in the foreground's place: keys go to it,
// so Ctrl-C interrupts it.
void wait_job(Pid pid) {
  set_foreground(pid);
  auto w = proc::wait4(pid, 0);
  set_foreground(0);
  if (w.ok()) report_background_end(pid, w.value().status);
}

// ---------------------------------------------------------------- builtins

struct Builtin {
  const char* name;
  const char* help;
  void (*run)(const shell::Command& cmd);
};

void cmd_help(const shell::Command&);

void cmd_echo(const shell::Command& cmd) {
  for (size_t i = 1; i < cmd.argc; ++i) kprintf(i > 1 ? " %s" : "%s", cmd.argv[i]);
  kprintf("\n");
}

void cmd_uptime(const shell::Command&) {
  uint64_t ms = arch::timer::now_ms();
  kprintf("up %lu.%03lu s\n", ms / 1000, ms % 1000);
}

void cmd_free(const shell::Command&) {
  HeapStats heap = heap_stats();
  kprintf("pages: %zu free of %zu (4 KiB each)\n", free_page_count(), total_page_count());
  kprintf("heap: %zu bytes in %zu allocations, %zu pages held\n", heap.bytes_in_use,
          heap.allocations, heap.chunk_pages);
}

void cmd_ps(const shell::Command&) {
  constexpr size_t kShown = 64;
  static proc::ProcessInfo procs[kShown];
  size_t n = proc::list(procs, kShown);
  char line[96];
  shell::format_ps_header(line, sizeof(line));
  kprintf("%s\n", line);
  for (size_t i = 0; i < n && i < kShown; ++i) {
    const proc::ProcessInfo& p = procs[i];
    if (p.pid == proc::kKernelPid) continue;
    shell::format_ps_row(line, sizeof(line), p.pid, p.ppid, proc::process_state_name(p.state), p.name);
    kprintf("%s\n", line);
  }
  if (n > kShown) kprintf("(%zu more not shown)\n", n - kShown);
}

void cmd_kill(const shell::Command& cmd) {
  shell::PidArg arg;
  char err[96];
  if (!shell::parse_pid_arg(cmd, true, arg, err, sizeof(err))) return (void)kprintf("%s\n", err);
  if (arg.pid == proc::kKernelPid) return (void)kprintf("kill: cannot kill PID 0 (the kernel)\n");
  auto killed = proc::kill(arg.pid);
  if (!killed.ok()) {
    if (killed.error() == Error::kNotFound) return (void)kprintf("kill: no such process: %d\n", arg.pid);
    return (void)kprintf("kill: %d: %s\n", arg.pid, error_name(killed.error()));
  }
  kprintf("Killed process %d\n", arg.pid);
  // Our own job: reap it now and report its status (137 unless it had
  // exited by itself first). Another process's child is its parent's to reap.
  auto info = proc::info(arg.pid);
  if (!info.ok() || info.value().ppid != proc::kKernelPid) return;
  auto w = proc::wait4(arg.pid, 0);
  jobs.remove(arg.pid);
  if (w.ok()) print_exit_code(w.value().status);
}

void cmd_jobs(const shell::Command&) {
  if (jobs.size() == 0) return (void)kprintf("jobs: no background jobs\n");
  char line[128];
  shell::format_jobs_header(line, sizeof(line));
  kprintf("%s\n", line);
  for (size_t i = 0; i < jobs.size(); ++i) {
    const shell::JobTable::Job& j = jobs.at(i);
    auto info = proc::info(j.pid);
    const char* state = info.ok() ? proc::process_state_name(info.value().state) : "gone";
    shell::format_jobs_row(line, sizeof(line), j.pid, state, j.command);
    kprintf("%s\n", line);
  }
}

void cmd_wait(const shell::Command& cmd) {
  shell::PidArg arg;
  char err[96];
  if (!shell::parse_pid_arg(cmd, false, arg, err, sizeof(err))) return (void)kprintf("%s\n", err);
  if (arg.given) {
    if (!jobs.find(arg.pid)) return (void)kprintf("wait: no such job: %d\n", arg.pid);
    return wait_job(arg.pid);
  }
  if (jobs.size() == 0) return (void)kprintf("wait: no background jobs\n");
  while (jobs.size() > 0) wait_job(jobs.at(0).pid);
}

void cmd_ls(const shell::Command&) {
  char name[proc::kProgramNameLen + 1];
  for (size_t i = 0; proc::program_name(i, name); ++i) kprintf("%s\n", name);
}

void cmd_clear(const shell::Command&) { kprintf("\x1b[2J\x1b[H"); }

void cmd_poweroff(const shell::Command&) {
  kprintf("powering off\n");
  power_off(0);
}

const Builtin kBuiltins[] = {
    {"help", "list the commands", cmd_help},
    {"ps", "list the processes", cmd_ps},
    {"kill", "kill <pid>: end a process (exit code 137)", cmd_kill},
    {"jobs", "list the background jobs", cmd_jobs},
    {"wait", "wait [pid]: wait for a background job (all without a pid)", cmd_wait},
    {"ls", "list the programs", cmd_ls},
    {"echo", "print the arguments", cmd_echo},
    {"uptime", "time since boot", cmd_uptime},
    {"free", "free pages and heap usage", cmd_free},
    {"clear", "clear the screen", cmd_clear},
    {"poweroff", "stop the machine", cmd_poweroff},
};

void cmd_help(const shell::Command&) {
  for (const Builtin& b : kBuiltins) kprintf("  %-10s %s\n", b.name, b.help);
  kprintf("Programs (see ls) run by name with arguments; a trailing & runs one in the background.\n");
  kprintf("Ctrl-C interrupts the foreground program (exit code 130).\n");
}

void run_line(const char* line, size_t len) {
  static shell::Command cmd;  // 4 KiB: kept off the boot stack
  shell::parse(line, len, cmd);
  if (cmd.argc == 0) return;
  if (cmd.too_many_args) {
    kprintf("error: too many arguments (at most %zu)\n", shell::Command::kMaxArgs);
    return;
  }
  for (const Builtin& b : kBuiltins) {
    if (string_equal(b.name, cmd.argv[0])) return b.run(cmd);
  }
  if (cmd.background) return run_background(cmd);
  run_foreground(cmd);
}

void echo_to_console(void*, const char* data, size_t len) { console_write(data, len); }

}  // namespace

int program_main() {
  static shell::LineEditor editor(echo_to_console, nullptr);
  if (!sched::create_thread("shell-input", input_thread, nullptr).ok()) {
    kprintf("shell: cannot start the input thread\n");
    return 1;
  }
  kprintf("%s", kPrompt);
  for (;;) {
    switch (editor.feed(next_key())) {
      case shell::LineEditor::Event::kLine: {
        // A blank line follows the output of every non-empty command line.
        bool ran = editor.truncated();
        if (ran) {
          kprintf("error: line longer than %zu characters, ignored\n", shell::LineEditor::kMaxLine);
        } else {
          for (size_t i = 0; i < editor.length() && !ran; ++i) ran = editor.line()[i] != ' ' && editor.line()[i] != '\t';
          run_line(editor.line(), editor.length());
        }
        reap_finished();
        if (ran) kprintf("\n");
        kprintf("%s", kPrompt);
        break;
      }
      case shell::LineEditor::Event::kInterrupt:
        reap_finished();
        kprintf("%s", kPrompt);
        break;
      case shell::LineEditor::Event::kNone:
        break;
    }
  }
}

}  // namespace akuma
