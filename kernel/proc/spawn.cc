// spawn: how kernel code (PID 0: the shell, the conformance kernel, tests)
// starts a program — a new process, child of the caller, running the program
// at `path` from the start, with its standard streams on the console or on
// pipes whose other ends the caller keeps.
#include "kernel/arch/aarch64/fpsimd.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/console_file.h"
#include "kernel/proc/exec_args.h"
#include "kernel/proc/pipe.h"
#include "kernel/proc/internal.h"
#include "kernel/sched/scheduler.h"

namespace akuma::proc {

using sched::SchedLock;

namespace {

constexpr int kReadWrite = 2;  // O_RDWR

Result<ExecArgs*> kernel_args(const char* path, const char* const* argv, const char* const* envp) {
  ExecArgs* args = TRY(ExecArgs::create());
  auto added = [&]() -> Result<void> {
    if (!argv) {
      TRY(args->add(path, ExecArgs::Kind::kArgv));
    } else {
      for (size_t i = 0; argv[i]; ++i) TRY(args->add(argv[i], ExecArgs::Kind::kArgv));
    }
    for (size_t i = 0; envp && envp[i]; ++i) TRY(args->add(envp[i], ExecArgs::Kind::kEnvp));
    return {};
  }();
  if (!added.ok()) {
    ExecArgs::destroy(args);
    return added.error();
  }
  return args;
}

// Descriptors 0, 1, 2 of the new process, and the caller's ends.
Result<void> set_up_streams(Process& p, Stdio stdio, JobStreams* streams) {
  if (stdio == Stdio::kConsole) {
    OpenFile* console = TRY(open_console(kReadWrite));
    retain(console);
    retain(console);
    TRY(p.fds.install(console, false));
    TRY(p.fds.install(console, false));
    TRY(p.fds.install(console, false));
    return {};
  }
  PipeEnds in = TRY(make_pipe(0));
  TRY(p.fds.install(in.reader, false));
  streams->input = in.writer;
  if (stdio == Stdio::kTerminal) {
    OpenFile* console = TRY(open_console(kReadWrite));
    retain(console);
    TRY(p.fds.install(console, false));
    TRY(p.fds.install(console, false));
    return {};
  }
  PipeEnds out = TRY(make_pipe(0, /*terminal=*/true));
  streams->output = out.reader;
  retain(out.writer);
  TRY(p.fds.install(out.writer, false));
  TRY(p.fds.install(out.writer, false));
  return {};
}

void drop_streams(JobStreams* streams) {
  if (!streams) return;
  if (streams->input) release(streams->input);
  if (streams->output) release(streams->output);
  *streams = JobStreams{};
}

}  // namespace

Result<Pid> spawn(const char* path, const char* const* argv, const char* const* envp, Stdio stdio,
                  JobStreams* streams, bool own_group) {
  if (stdio != Stdio::kConsole && !streams) return Error::kInvalidArgument;
  if (streams) *streams = JobStreams{};
  Process& parent = current_process();
  ExecArgs* args = TRY(kernel_args(path, argv, envp));
  auto program = load_program(path, parent.cwd, *args);
  ExecArgs::destroy(args);
  if (!program.ok()) return program.error();

  auto* p = new (fallible) Process;
  auto* task = new (fallible) Task;
  if (!p || !task) {
    delete p;
    delete task;
    release_space(program.value().space);
    return Error::kNoMemory;
  }
  p->cwd = parent.cwd;
  p->exit_signal = kSIGCHLD;
  init_real_timer(*p);
  commit_program(*p, program.value(), path);
  auto started = [&]() -> Result<sched::Thread*> {
    TRY(set_up_streams(*p, stdio, streams));
    return sched::create_user_thread(p->name, program.value().frame, arch::UserCpuState{}, p->space->ttbr0(), task);
  }();
  if (!started.ok()) {
    drop_streams(streams);
    delete task;
    destroy_unpublished(p);
    return started.error();
  }
  task->thread = started.value();
  Pid pid;
  {
    SchedLock lock;
    p->sid = parent.sid;
    pid = publish_locked(*p, *task, parent);
    p->pgid = own_group ? pid : parent.pgid;
  }
  sched::start(started.value());
  return pid;
}

}  // namespace akuma::proc
