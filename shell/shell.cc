// The serial console shell, PID 0's program in the full kernel (//:akuma):
// prompt "akuma:/> ", line editing, builtins, programs from the image run by
// name in the foreground or, with a trailing '&', in the background. The
// rules for output, blank lines and job reports are in shell/README.md.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/fs/node.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/filesystem.h"
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
constexpr char kCtrlZ = 0x1a;

shell::JobTable jobs;  // main shell thread only

// ---------------------------------------------------------------- input
//
// One kernel thread ("shell-input") is the console's only reader. While a
// job is in the foreground its keys go to that job (Ctrl-C interrupts it,
// Ctrl-Z stops it, Ctrl-D ends its input, other bytes are echoed and become
// its stdin); otherwise they queue for the line editor. The main thread is
// blocked in wait4 meanwhile, which is why a second thread reads keys.
//
// Type-ahead: keys typed after a command line belong to the job it starts
// (the host types as soon as it has seen the line echoed; on another CPU
// the input thread reads them before the job exists). So when the editor
// takes a line end, keys are held in the queue (`held`) until the shell
// decides who gets them: a job made foreground gets the queued keys first,
// in order, and then the input thread types on; the editor asking for its
// next key lets them go to it.

struct InputQueue {
  static constexpr size_t kSize = 256;  // type-ahead; when full, reading pauses
  char bytes[kSize];                    // sched lock
  size_t head = 0;                      // sched lock
  size_t count = 0;                     // sched lock
  bool held = false;                    // sched lock: a line ended, keys wait for its job
  bool typing = false;                  // sched lock: the input thread gives a key to a job
  sched::WaitQueue typed;               // the main thread, waiting for that to end
  sched::WaitQueue readers;             // the main thread, waiting for a key
  sched::WaitQueue writers;             // the input thread, waiting for space or a job
};
InputQueue input;

// The job that gets the keys (pid 0: the editor) and the shell's end of its
// stdin. Shared by the main thread (which starts and ends jobs) and the input
// thread (which writes keys): the input thread takes its own reference to
// the file under the sched lock, so the main thread may drop the job at any
// time.
struct Foreground {
  Pid pid = 0;
  proc::OpenFile* input = nullptr;  // owned: one reference
};
Foreground foreground;  // sched lock

void key_for_job(Pid pid, proc::OpenFile* in, char c);

// Makes `pid` the foreground job, with the shell's end of its stdin
// (ownership passes to the foreground: Ctrl-D may close it), and gives it the
// keys typed ahead; pid 0: the editor's again. Returns the previous
// foreground's end, if still open.
proc::OpenFile* set_foreground(Pid pid, proc::OpenFile* job_input) {
  static char ahead[InputQueue::kSize];  // main thread only
  size_t n = 0;
  proc::OpenFile* old;
  {
    SchedLock lock;
    while (input.typing) (void)input.typed.wait(sched::Wait::kUninterruptible);
    old = foreground.input;
    foreground = Foreground{pid, job_input};
    if (pid != 0) {
      // The input thread is held (or has queued these while no job was in
      // the foreground): these keys come before any it reads from now on.
      input.held = true;
      for (; input.count; --input.count, input.head = (input.head + 1) % InputQueue::kSize) {
        ahead[n++] = input.bytes[input.head];
      }
    }
  }
  if (n && job_input) proc::retain(job_input);  // a Ctrl-D among them drops the foreground's
  for (size_t i = 0; i < n; ++i) key_for_job(pid, job_input, ahead[i]);
  if (n && job_input) proc::release(job_input);
  SchedLock lock;
  input.held = false;
  input.writers.wake_all();
  return old;
}

// Ctrl-D: the job's input ends (it reads EOF once the line so far is read).
void close_foreground_input(Pid pid) {
  proc::OpenFile* old = nullptr;
  {
    SchedLock lock;
    if (foreground.pid == pid) {
      old = foreground.input;
      foreground.input = nullptr;
    }
  }
  if (old) proc::release(old);
}

// A foreground job's input is line-buffered, like a terminal in cooked mode:
// the job gets whole lines (or the rest at Ctrl-D), so what it reads does not
// depend on typing speed. The input thread, or the main thread while the
// input thread is held (set_foreground).
struct JobLine {
  static constexpr size_t kMax = 256;
  Pid pid = 0;  // the job the line is for; another job starts a new line
  char text[kMax];
  size_t len = 0;
};
JobLine job_line;

// The rest is dropped if the job's stdin is full (it is not reading).
void flush_job_line(proc::OpenFile* in) {
  if (job_line.len && in) (void)in->ops->write(*in, job_line.text, job_line.len);
  job_line.len = 0;
}

void key_for_job(Pid pid, proc::OpenFile* in, char c) {
  if (job_line.pid != pid) job_line = JobLine{pid, {}, 0};
  switch (c) {
    case kCtrlC:
    case kCtrlZ:
      // To the job's whole process group, as a terminal does (a job gone
      // already has nothing left to signal).
      console_write(c == kCtrlC ? "^C\n" : "^Z\n", 3);
      job_line.len = 0;
      (void)proc::send_group_signal(pid, c == kCtrlC ? proc::kSIGINT : proc::kSIGTSTP);
      return;
    case kCtrlD:
      flush_job_line(in);
      close_foreground_input(pid);
      return;
    case '\r':
    case '\n':
      console_write("\n", 1);
      job_line.text[job_line.len++] = '\n';  // kMax - 1 printable bytes at most
      flush_job_line(in);
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
    proc::OpenFile* in;
    {
      SchedLock lock;
      while (input.held || (foreground.pid == 0 && input.count == InputQueue::kSize)) {
        (void)input.writers.wait(sched::Wait::kUninterruptible);
      }
      job = foreground.pid;
      if (job == 0) {
        input.bytes[(input.head + input.count++) % InputQueue::kSize] = c;
        input.readers.wake_all();
        continue;
      }
      in = foreground.input;
      if (in) proc::retain(in);
      input.typing = true;
    }
    key_for_job(job, in, c);
    if (in) proc::release(in);
    SchedLock lock;
    input.typing = false;
    input.typed.wake_all();
  }
}

// The editor's next key. A line end holds further keys for the job the
// line may start (InputQueue); asking for a key again releases them.
char next_key() {
  SchedLock lock;
  if (input.held) input.held = false, input.writers.wake_all();
  while (input.count == 0) (void)input.readers.wait(sched::Wait::kUninterruptible);
  char c = input.bytes[input.head];
  input.head = (input.head + 1) % InputQueue::kSize;
  --input.count;
  if (c == '\r' || c == '\n') input.held = true;
  input.writers.wake_all();
  return c;
}

// ---------------------------------------------------------------- jobs

void print_exit_code(int status) {
  int code = proc::shell_exit_code(status);
  if (code != 0) kprintf("[exit code: %d]\n", code);
}

// Drops the shell's end of a job's stdin (kept in the job table until the
// job is reaped; only a job in the foreground is typed to).
void drop_job_input(shell::JobTable::Job* job) {
  if (job && job->input) {
    proc::release(static_cast<proc::OpenFile*>(job->input));
    job->input = nullptr;
  }
}

void forget_job(Pid pid) {
  drop_job_input(jobs.find(pid));
  jobs.remove(pid);
}

// What happened to a job, as wait4 reported it: "Process N (cmd) exited"
// (then its exit code unless 0; the job leaves the table), "... stopped",
// "... continued". Reports for processes that are not jobs (orphans handed
// to PID 0) are dropped.
void report_job(Pid pid, int status) {
  shell::JobTable::Job* job = jobs.find(pid);
  if (!job) return;
  if (proc::stopped(status)) {
    kprintf("Process %d (%s) stopped\n", pid, job->command);
  } else if (status == proc::kStatusContinued) {
    kprintf("Process %d (%s) continued\n", pid, job->command);
  } else {
    kprintf("Process %d (%s) exited\n", pid, job->command);
    print_exit_code(status);
    forget_job(pid);
  }
}

// Reports every change of PID 0's children (jobs ending, stopping,
// continuing) and reaps the ended ones (orphans too, silently).
void reap_finished() {
  for (;;) {
    auto r = proc::wait4(-1, proc::kWaitNoHang | proc::kWaitUntraced | proc::kWaitContinued);
    if (!r.ok() || r.value().pid == 0) return;
    report_job(r.value().pid, r.value().status);
  }
}

void report_spawn_error(const char* name, Error e) {
  if (e == Error::kNotFound || e == Error::kNotDirectory) {
    kprintf("%s: command not found (try 'help' or 'ls')\n", name);
  } else {
    kprintf("%s: cannot start: %s\n", name, error_name(e));
  }
}

// Every program's environment.
const char* const kEnvironment[] = {"PATH=/bin", "HOME=/", nullptr};

// A command names a program of /bin, or a path when it has a slash.
const char* program_path(const char* word, char (&buf)[fs::kPathMax]) {
  for (const char* c = word; *c; ++c) {
    if (*c == '/') return word;
  }
  format_to(buf, sizeof(buf), "/bin/%s", word);
  return buf;
}

// Every job: its own process group (so Ctrl-C and Ctrl-Z reach all of it
// and nothing else), stdout and stderr on the console, stdin a pipe the
// shell types to while the job is in the foreground. It enters the job
// table; nullptr pid when it could not start (reported).
Pid start_job(const shell::Command& cmd, bool background) {
  static char path[fs::kPathMax];
  proc::JobStreams io;
  auto spawned = proc::spawn(program_path(cmd.argv[0], path), cmd.argv, kEnvironment, proc::Stdio::kTerminal,
                             &io, /*own_group=*/true);
  if (!spawned.ok()) {
    report_spawn_error(cmd.argv[0], spawned.error());
    return 0;
  }
  Pid pid = spawned.value();
  if (!jobs.add(pid, background, cmd.argv)) {
    kprintf("%s: too many jobs (at most %zu); killing pid %d\n", cmd.argv[0], shell::JobTable::kMaxJobs, pid);
    proc::release(io.input);
    (void)proc::kill(pid);
    (void)proc::wait4(pid, 0);
    return 0;
  }
  constexpr int kNonBlock = 04000;  // O_NONBLOCK: keys never wait for a job that does not read
  io.input->flags |= kNonBlock;
  jobs.find(pid)->input = io.input;
  return pid;
}

struct JobEnd {
  bool exited;  // else stopped
  int status;
  proc::Usage usage;
};

// The job in the foreground: keys go to it, the shell waits until it exits
// (reaped, its exit code reported) or stops (Ctrl-Z: reported, it stays a
// job for fg and bg).
JobEnd run_in_foreground(Pid pid) {
  shell::JobTable::Job* job = jobs.find(pid);
  job->background = false;
  (void)set_foreground(pid, static_cast<proc::OpenFile*>(job->input));
  auto w = proc::wait4(pid, proc::kWaitUntraced);
  jobs.find(pid)->input = set_foreground(0, nullptr);  // back with the job (Ctrl-D: closed)
  if (!w.ok()) {
    forget_job(pid);
    return JobEnd{true, 0, {}};
  }
  JobEnd end{!proc::stopped(w.value().status), w.value().status, w.value().usage};
  if (end.exited) {
    print_exit_code(end.status);
    forget_job(pid);
  } else {
    report_job(pid, end.status);
    jobs.find(pid)->background = true;
  }
  return end;
}

void run_foreground(const shell::Command& cmd) {
  if (Pid pid = start_job(cmd, false)) (void)run_in_foreground(pid);
}

// Background: the prompt comes back once the job has blocked, exited or
// computed for kSettleMs.
void run_background(const shell::Command& cmd) {
  if (Pid pid = start_job(cmd, true)) (void)proc::wait_settled(pid, kSettleMs);
}

// Waits for one background job in the foreground's place: keys go to it,
// so Ctrl-C interrupts it and Ctrl-Z stops it.
void wait_job(Pid pid) {
  (void)set_foreground(pid, static_cast<proc::OpenFile*>(jobs.find(pid)->input));
  auto w = proc::wait4(pid, proc::kWaitUntraced);
  jobs.find(pid)->input = set_foreground(0, nullptr);
  if (w.ok()) report_job(pid, w.value().status);
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

void cmd_ps(const shell::Command& cmd) {
  bool wide = cmd.argc == 2 && string_equal(cmd.argv[1], "-l");
  if (cmd.argc > 2 || (cmd.argc == 2 && !wide)) return (void)kprintf("ps: usage: ps [-l]\n");
  constexpr size_t kShown = 64;
  static proc::ProcessInfo procs[kShown];
  size_t n = proc::list(procs, kShown);
  char line[128];
  if (wide) {
    shell::format_ps_long_header(line, sizeof(line));
  } else {
    shell::format_ps_header(line, sizeof(line));
  }
  kprintf("%s\n", line);
  for (size_t i = 0; i < n && i < kShown; ++i) {
    const proc::ProcessInfo& p = procs[i];
    if (p.pid == proc::kKernelPid) continue;
    const char* state = proc::process_state_name(p.state);
    if (wide) {
      shell::format_ps_long_row(line, sizeof(line), p.pid, p.ppid, p.pgid, state, p.threads, p.cpu,
                                p.usage.user_ns + p.usage.system_ns, p.rss_kib, p.name);
    } else {
      shell::format_ps_row(line, sizeof(line), p.pid, p.ppid, state, p.name);
    }
    kprintf("%s\n", line);
  }
  if (n > kShown) kprintf("(%zu more not shown)\n", n - kShown);
}

// kill <pid> is the seed's: SIGKILL, "Killed process N", and the shell's own
// job reaped at once with its status (137). kill -SIGNAL <pid> sends any
// signal; a stop signal returns once the process has stopped (its report
// comes before the next prompt), one that kills once it is dead.
void cmd_kill(const shell::Command& cmd) {
  shell::KillArgs args;
  char err[96];
  if (!shell::parse_kill_args(cmd, args, err, sizeof(err))) return (void)kprintf("%s\n", err);
  if (args.list) {
    static char list[512];
    shell::format_signal_list(list, sizeof(list));
    return (void)kprintf("%s", list);
  }
  if (args.pid == proc::kKernelPid) return (void)kprintf("kill: cannot kill PID 0 (the kernel)\n");
  auto sent = proc::kill(args.pid, args.signal);
  if (!sent.ok()) {
    if (sent.error() == Error::kNotFound) return (void)kprintf("kill: no such process: %d\n", args.pid);
    return (void)kprintf("kill: %d: %s\n", args.pid, error_name(sent.error()));
  }
  if (args.signal == proc::kSIGKILL) {
    kprintf("Killed process %d\n", args.pid);
  } else {
    kprintf("Sent SIG%s to process %d\n", proc::signal_name(args.signal), args.pid);
  }
  if (proc::is_stop_signal(args.signal)) (void)proc::wait_stopped(args.pid, kSettleMs);
  // Our own job, dead now: reap it and report its status (137 unless it had
  // exited by itself first). Another process's child is its parent's to reap.
  auto info = proc::info(args.pid);
  if (!info.ok() || info.value().ppid != proc::kKernelPid || info.value().state != proc::ProcessState::kZombie) {
    return;
  }
  auto w = proc::wait4(args.pid, 0);
  forget_job(args.pid);
  if (w.ok()) print_exit_code(w.value().status);
}

void cmd_jobs(const shell::Command&) {
  if (jobs.size() == 0) return (void)kprintf("jobs: no jobs\n");
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

// The job `fg`, `bg` and `wait` name: the pid given, or (none given) the
// most recent job.
Pid job_arg(const shell::Command& cmd) {
  shell::PidArg arg;
  char err[96];
  if (!shell::parse_pid_arg(cmd, false, arg, err, sizeof(err))) {
    kprintf("%s\n", err);
    return 0;
  }
  if (!arg.given) {
    if (jobs.size() == 0) kprintf("%s: no jobs\n", cmd.argv[0]);
    return jobs.size() ? jobs.at(jobs.size() - 1).pid : 0;
  }
  if (!jobs.find(arg.pid)) {
    kprintf("%s: no such job: %d\n", cmd.argv[0], arg.pid);
    return 0;
  }
  return arg.pid;
}

// fg: the job continues (SIGCONT to its group) in the foreground; the
// command line is printed, as shells do.
void cmd_fg(const shell::Command& cmd) {
  Pid pid = job_arg(cmd);
  if (!pid) return;
  kprintf("%s\n", jobs.find(pid)->command);
  // (Its "continued" report is never shown: by the time the next prompt
  // reports changes, the job has exited or stopped again.)
  (void)proc::send_group_signal(pid, proc::kSIGCONT);
  (void)run_in_foreground(pid);
}

// bg: a stopped job continues in the background (reported before the next
// prompt like any change of a job).
void cmd_bg(const shell::Command& cmd) {
  Pid pid = job_arg(cmd);
  if (!pid) return;
  auto info = proc::info(pid);
  if (info.ok() && info.value().state != proc::ProcessState::kStopped) {
    return (void)kprintf("bg: job %d is not stopped\n", pid);
  }
  jobs.find(pid)->background = true;
  (void)proc::send_group_signal(pid, proc::kSIGCONT);
}

void cmd_wait(const shell::Command& cmd) {
  shell::PidArg arg;
  char err[96];
  if (!shell::parse_pid_arg(cmd, false, arg, err, sizeof(err))) return (void)kprintf("%s\n", err);
  if (arg.given) {
    if (!jobs.find(arg.pid)) return (void)kprintf("wait: no such job: %d\n", arg.pid);
    return wait_job(arg.pid);
  }
  if (jobs.size() == 0) return (void)kprintf("wait: no jobs\n");
  // Every job in turn; one that stops stays (wait ends there).
  while (jobs.size() > 0) {
    Pid pid = jobs.at(0).pid;
    wait_job(pid);
    if (jobs.find(pid)) return;
  }
}

// time CMD: runs the program in the foreground, then its real time and the
// user and system time wait4 reports for it.
void cmd_time(const shell::Command& cmd) {
  if (cmd.argc < 2) return (void)kprintf("time: usage: time <program> [args]\n");
  static shell::Command timed;
  timed = cmd;
  for (size_t i = 1; i <= cmd.argc; ++i) timed.argv[i - 1] = cmd.argv[i];
  timed.argc = cmd.argc - 1;
  uint64_t start = sched::now_ns();
  Pid pid = start_job(timed, false);
  if (!pid) return;
  JobEnd end = run_in_foreground(pid);
  if (!end.exited) return;  // stopped: timed when it ends? no: as shells, only a finished job
  static char report[128];
  shell::format_time_report(report, sizeof(report), sched::now_ns() - start, end.usage.user_ns, end.usage.system_ns);
  kprintf("%s", report);
}

// The programs: the names in /bin.
void cmd_ls(const shell::Command&) {
  auto bin = proc::resolve_path(nullptr, "/bin", true);
  fs::DirListing e;
  for (uint64_t pos = 2; bin.ok() && fs::list(bin.value(), pos, &e).value_or(false); pos = e.next) {
    kprintf("%s\n", e.name);  // names in the tree are NUL-terminated
  }
}

void cmd_clear(const shell::Command&) { kprintf("\x1b[2J\x1b[H"); }

void cmd_poweroff(const shell::Command&) {
  kprintf("powering off\n");
  power_off(0);
}

const Builtin kBuiltins[] = {
    {"help", "list the commands", cmd_help},
    {"ps", "ps [-l]: list the processes (-l: group, threads, CPU time, memory)", cmd_ps},
    {"kill", "kill [-SIGNAL] <pid>: end a process (exit code 137), or send SIGNAL; kill -l lists them", cmd_kill},
    {"jobs", "list the jobs (running in the background or stopped)", cmd_jobs},
    {"fg", "fg [pid]: continue a job in the foreground (the last one without a pid)", cmd_fg},
    {"bg", "bg [pid]: continue a stopped job in the background", cmd_bg},
    {"wait", "wait [pid]: wait for a background job (all without a pid)", cmd_wait},
    {"time", "time <program> [args]: run it, then print real, user and system time", cmd_time},
    {"ls", "list the programs (in /bin)", cmd_ls},
    {"echo", "print the arguments", cmd_echo},
    {"uptime", "time since boot", cmd_uptime},
    {"free", "free pages and heap usage", cmd_free},
    {"clear", "clear the screen", cmd_clear},
    {"poweroff", "stop the machine", cmd_poweroff},
};

void cmd_help(const shell::Command&) {
  for (const Builtin& b : kBuiltins) kprintf("  %-10s %s\n", b.name, b.help);
  kprintf("Programs (see ls) run by name with arguments; a trailing & runs one in the background.\n");
  kprintf("Ctrl-C interrupts the foreground program (exit code 130); Ctrl-Z stops it (fg, bg).\n");
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
