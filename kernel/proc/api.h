// The process API: for the syscall layer, which calls it on behalf of the
// current process, and for kernel code running as PID 0 (the shell, test
// programs). "The caller" is always the current process.
#pragma once

#include <stddef.h>

#include "kernel/arch/aarch64/trap_frame.h"
#include "kernel/lib/result.h"
#include "kernel/proc/process.h"

namespace akuma::proc {

// ------------------------------------------------------------ wait status
// Unix wait statuses (Linux's encoding): exited with code c -> c << 8,
// killed by signal s -> s.
constexpr int status_exited(int code) { return (code & 0xff) << 8; }
constexpr int status_signaled(int sig) { return sig & 0x7f; }
constexpr bool exited_normally(int status) { return (status & 0x7f) == 0; }
constexpr int exit_code(int status) { return (status >> 8) & 0xff; }
constexpr int term_signal(int status) { return status & 0x7f; }
// What a shell shows: the exit code, or 128 + signal (137 for kill).
constexpr int shell_exit_code(int status) {
  return exited_normally(status) ? exit_code(status) : 128 + term_signal(status);
}

// ------------------------------------------------------------ programs
constexpr size_t kMaxArgStrings = 4096;      // argv + envp entries
constexpr size_t kMaxArgBytes = 128 * 1024;  // their strings together

// Where a program started by PID 0 reads and writes.
enum class Stdio : uint8_t {
  kConsole,     // 0, 1, 2 on the serial console (a terminal)
  kJob,         // 0 from a pipe, 1 and 2 into a terminal pipe; the caller gets the other ends
  kBackground,  // 0 from a pipe the caller holds (nothing is typed to it), 1 and 2 on the console
};

// The caller's ends of a job's standard streams (kJob, kBackground): each a
// reference the caller releases (proc::release) when done with it.
struct JobStreams {
  OpenFile* input = nullptr;   // write here: the job's stdin
  OpenFile* output = nullptr;  // read here: the job's stdout and stderr (kJob only)
};

// Starts the program at `path` (absolute, in the initramfs) as a child of
// the caller with argv/envp (NULL-terminated; argv may be nullptr: {path}).
Result<Pid> spawn(const char* path, const char* const* argv, const char* const* envp, Stdio stdio,
                  JobStreams* streams = nullptr);

// execve for the current process: on success the process runs the new
// program when it returns to user mode through `frame` (rewritten here).
// Errors leave the process as it was.
Result<void> exec_current(arch::TrapFrame& frame, uint64_t upath, uint64_t uargv, uint64_t uenvp);

// clone with fork or vfork semantics (threads come later): the child
// returns to user mode through a copy of `frame` with x0 = 0.
struct CloneArgs {
  uint64_t flags;       // CLONE_* and the exit signal in the low byte
  uint64_t stack;       // the child's sp, 0 = the caller's
  uint64_t parent_tid;  // CLONE_PARENT_SETTID: where the parent gets the child's pid
  uint64_t tls;         // CLONE_SETTLS: the child's TPIDR_EL0
  uint64_t child_tid;   // CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID
};
Result<Pid> clone_current(const arch::TrapFrame& frame, const CloneArgs& args);

// Orphans (children of an exiting process) are handed to `pid` while it is
// alive, as Linux hands them to init; otherwise (the default) to PID 0. The
// conformance kernel names its /init.
void set_child_reaper(Pid pid);

// ------------------------------------------------------------ wait4
constexpr int kWaitNoHang = 1;  // WNOHANG

struct WaitResult {
  Pid pid;  // 0 with WNOHANG when no child has exited yet
  int status;
  Usage usage;  // the child's, with its own reaped children's
};
// Reaps a zombie child of the caller: pid > 0 that child, -1 any child, 0
// any child in the caller's process group, < -1 any child in group -pid.
// kNoChild when nothing matches, kInterrupted when killed while waiting.
Result<WaitResult> wait4(Pid pid, int options);

// getrusage: the caller's own usage so far, and its reaped children's.
Usage self_usage();
Usage children_usage();

// ------------------------------------------------------------ signals
// kill(2): sends `sig` (0: only checks) to pid > 0, to the caller's group
// (0), to every process but PID 0, PID 1 and the caller (-1, as Linux spares
// init), or to group -pid. Returns at once; a fatal signal takes effect when
// the victim next enters or leaves the kernel (a blocked victim is woken and
// its call returns EINTR). kNotFound (ESRCH) when nothing matches,
// kInvalidArgument for a bad signal, kPermission for PID 0.
Result<void> send_signal(Pid pid, int sig);

// The shell's kill: sends `sig` to one process and returns once it is a
// zombie (at once for a zombie; kNotFound for an unknown pid, kPermission for
// PID 0). With SIGKILL (137) or SIGINT (130, Ctrl-C) the process dies unless
// it exited first; the first fatal signal wins.
Result<void> kill(Pid pid, int sig = kSIGKILL);

// The signal state calls (rt_sigaction, rt_sigprocmask): `old`/`act` may be
// nullptr. kInvalidArgument for a bad signal or for catching or ignoring
// SIGKILL/SIGSTOP.
Result<void> set_signal_action(int sig, const SigAction* act, SigAction* old);
Result<void> set_signal_mask(int how, const uint64_t* set, uint64_t* old);
uint64_t pending_signals();

// ------------------------------------------------------------ inspection
// Waits until `pid` is blocked in a syscall or has exited, or timeout_ms
// passes (a program computing without pause), and returns its state then.
// A shell uses it after `cmd &`, so the job's first lines come before the
// next prompt. kNotFound for an unknown pid.
Result<ProcessState> wait_settled(Pid pid, uint64_t timeout_ms);

struct ProcessInfo {
  Pid pid;
  Pid ppid;
  Pid pgid;
  ProcessState state;
  char name[kNameLen];
};
Result<ProcessInfo> info(Pid pid);
// Fills up to `max` entries in pid order; returns how many exist.
size_t list(ProcessInfo* out, size_t max);

}  // namespace akuma::proc
