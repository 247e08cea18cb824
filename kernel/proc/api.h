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
constexpr bool exited_normally(int status) { return (status & 0x7f) == 0; }  // of an exit status
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
  kTerminal,    // 0 from a pipe the caller holds (and types to, as it likes), 1 and 2 on the console
};

// The caller's ends of a job's standard streams (kJob, kTerminal): each a
// reference the caller releases (proc::release) when done with it.
struct JobStreams {
  OpenFile* input = nullptr;   // write here: the job's stdin
  OpenFile* output = nullptr;  // read here: the job's stdout and stderr (kJob only)
};

// Starts the program at `path` (absolute, in the initramfs) as a child of
// the caller with argv/envp (NULL-terminated; argv may be nullptr: {path}),
// in the caller's process group, or (own_group) in a new group of its own
// (pgid = its pid), as a shell puts each job.
Result<Pid> spawn(const char* path, const char* const* argv, const char* const* envp, Stdio stdio,
                  JobStreams* streams = nullptr, bool own_group = false);

// execve for the current process: on success the process runs the new
// program when it returns to user mode through `frame` (rewritten here).
// Errors leave the process as it was.
Result<void> exec_current(arch::TrapFrame& frame, uint64_t upath, uint64_t uargv, uint64_t uenvp);

// clone: a new process (fork semantics: a copy of the caller; vfork
// semantics: CLONE_VM|CLONE_VFORK, the caller waits until the child execs or
// exits) or a new thread of the caller's process (CLONE_THREAD, with the
// flags glibc's pthread_create passes). The child returns to user mode
// through a copy of `frame` with x0 = 0.
struct CloneArgs {
  uint64_t flags;       // CLONE_* and the exit signal in the low byte
  uint64_t stack;       // the child's sp, 0 = the caller's
  uint64_t parent_tid;  // CLONE_PARENT_SETTID: where the parent gets the child's id
  uint64_t tls;         // CLONE_SETTLS: the child's TPIDR_EL0
  uint64_t child_tid;   // CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID
};
Result<Pid> clone_current(const arch::TrapFrame& frame, const CloneArgs& args);

// Orphans (children of an exiting process) are handed to `pid` while it is
// alive, as Linux hands them to init; otherwise (the default) to PID 0. The
// conformance kernel names its /init, which then also ignores signals it has
// no handler for, as Linux's init does.
void set_child_reaper(Pid pid);

// ------------------------------------------------------------ exit
// exit(2): the calling thread ends (`status` is a wait status); the last
// thread out finalises the process with its own status (as Linux reports
// it, whichever thread was the leader).
[[noreturn]] void exit_thread(int status);
// exit_group(2): every thread of the caller's process ends; the process
// exits with `status` unless a fatal signal or another exit_group was first.
[[noreturn]] void exit_group(int status);

// ------------------------------------------------------------ wait4
constexpr int kWaitNoHang = 1;     // WNOHANG
constexpr int kWaitUntraced = 2;   // WUNTRACED: report stopped children
constexpr int kWaitContinued = 8;  // WCONTINUED: report continued children

// Wait statuses of job control (Linux's encoding).
constexpr int status_stopped(int sig) { return (sig & 0xff) << 8 | 0x7f; }
constexpr bool stopped(int status) { return (status & 0xff) == 0x7f; }
constexpr int stop_signal(int status) { return (status >> 8) & 0xff; }
constexpr int kStatusContinued = 0xffff;

struct WaitResult {
  Pid pid;  // 0 with WNOHANG when no child has changed state yet
  int status;
  Usage usage;  // the child's, with its own reaped children's
};
// Reports a child of the caller that exited (and reaps it), or, as options
// ask, one that stopped or continued since last reported: pid > 0 that
// child, -1 any child, 0 any child in the caller's process group, < -1 any
// child in group -pid. kNoChild when nothing matches, kInterrupted when a
// signal interrupts the wait.
Result<WaitResult> wait4(Pid pid, int options);

// getrusage: the calling process's usage so far (all its threads), the
// calling thread's, and the process's reaped children's.
Usage self_usage();
Usage thread_self_usage();
Usage children_usage();

// ------------------------------------------------------------ signals
// kill(2): sends `sig` (0: only checks) to pid > 0 (a process, or the
// process of that thread id), to the caller's group (0), to every process
// but PID 0, PID 1 and the caller (-1, as Linux spares init), or to group
// -pid. Returns at once; a fatal signal takes effect when the victim's
// threads next enter or leave the kernel (blocked ones are woken and their
// calls return EINTR). kNotFound (ESRCH) when nothing matches,
// kInvalidArgument for a bad signal, kPermission for PID 0.
Result<void> send_signal(Pid pid, int sig);
// To every process of group `pgid` (> 0): what a terminal does for Ctrl-C
// (group 1 too, which kill(-1, ...) cannot name).
Result<void> send_group_signal(Pid pgid, int sig);
// tgkill(2) (tgid > 0) and tkill(2) (tgid = -1): to one thread.
Result<void> send_thread_signal(Pid tgid, Pid tid, int sig);
// A fault of the current thread (SIGSEGV, SIGBUS, ...): the signal is
// forced (a mask or SIG_IGN cannot keep it away; a handler still runs).
// Returns whether it will kill the process (no handler).
bool force_fault_signal(const SigInfo& info);

// The shell's kill: sends `sig` to one process (kNotFound for an unknown
// pid, kPermission for PID 0); when the signal kills it, returns once it is
// a zombie (at once for a zombie). With SIGKILL (137) the process dies unless
// it exited first; the first fatal signal wins.
Result<void> kill(Pid pid, int sig = kSIGKILL);

// The signal state calls (rt_sigaction, rt_sigprocmask): `old`/`act` may be
// nullptr. kInvalidArgument for a bad signal or for catching or ignoring
// SIGKILL/SIGSTOP.
Result<void> set_signal_action(int sig, const SigAction* act, SigAction* old);
Result<void> set_signal_mask(int how, const uint64_t* set, uint64_t* old);
// Pending for the calling thread: its own and its process's.
uint64_t pending_signals();
// sigsuspend, ppoll, pselect6: `mask` replaces the caller's until a
// handler's frame records the old one, or until the return to user mode.
void set_temporary_mask(uint64_t mask);
// sigaltstack (`sp`: the caller's stack pointer): kPermission (EPERM) to
// change it while running on it, kNoMemory (ENOMEM) below MINSIGSTKSZ.
Result<void> set_alt_stack(const AltStack* ss, AltStack* old, bool* old_on_stack, uint64_t sp);
// sigreturn: the mask a handler's frame recorded comes back. (The
// alternate stack it recorded is not restored: Linux's restore fails while
// the caller still runs on that stack, which is when sigreturn runs.)
void restore_signal_mask(uint64_t mask);

// The return to user mode (syscall layer, every return): next_signal() dies
// here (group exit, fatal signal), parks here (stopped until SIGCONT), drops
// ignored signals, and returns a signal whose handler must run (sig == 0:
// none). Once the handler's frame is on the user stack, handler_started()
// blocks what the handler blocks. restore_temporary_mask() restores a mask
// set by set_temporary_mask that no frame recorded (a call that was not
// interrupted calls it at once); when it did restore one, call
// next_signal() again (the old mask may let a pending signal in).
struct SignalDelivery {
  int sig = 0;
  SigInfo info;
  SigAction action;
  uint64_t saved_mask = 0;  // what the frame records (sigreturn restores it)
  AltStack altstack;
};
bool work_pending();  // anything for next_signal or restore_temporary_mask to do
SignalDelivery next_signal();
void handler_started(const SignalDelivery& d);
bool restore_temporary_mask();

// ------------------------------------------------------------ groups
// setpgid, setsid (Linux's rules and errors), getpgid/getsid of any pid.
Result<void> set_process_group(Pid pid, Pid pgid);
Result<Pid> create_session();

// ------------------------------------------------------------ timers
// ITIMER_REAL: arms (value_ns > 0) or disarms the caller's process's timer
// and returns what was left of it. SIGALRM when it fires.
struct TimerValue {
  uint64_t value_ns;
  uint64_t interval_ns;
};
TimerValue set_real_timer(const TimerValue& v);
TimerValue get_real_timer();

// ------------------------------------------------------------ futex
// FUTEX_WAIT(_BITSET): sleeps while the word at `uaddr` holds `expected`
// until woken, the deadline (absolute, monotonic; 0 = none) or a signal.
// kWouldBlock (EAGAIN) when the word differs, kTimedOut, kInterrupted.
Result<void> futex_wait(uint64_t uaddr, uint32_t expected, uint64_t deadline_ns, uint32_t bitset);
// FUTEX_WAKE(_BITSET): wakes up to `n` waiters whose bitset meets `bitset`.
Result<size_t> futex_wake_bitset(uint64_t uaddr, size_t n, uint32_t bitset);
// FUTEX_(CMP_)REQUEUE: wakes up to `n` and moves up to `requeue` more to
// `uaddr2` (with `expected`: only if the word still holds it, else kWouldBlock).
Result<size_t> futex_requeue(uint64_t uaddr, size_t n, size_t requeue, uint64_t uaddr2, const uint32_t* expected);

// ------------------------------------------------------------ inspection
// Waits until `pid` is blocked in a syscall or has exited, or timeout_ms
// passes (a program computing without pause), and returns its state then.
// A shell uses it after `cmd &`, so the job's first lines come before the
// next prompt. kNotFound for an unknown pid.
Result<ProcessState> wait_settled(Pid pid, uint64_t timeout_ms);
// Waits until `pid` is stopped or has exited (after a stop signal), or
// timeout_ms passes; its state then.
Result<ProcessState> wait_stopped(Pid pid, uint64_t timeout_ms);
// Waits until `pid` has exited (a zombie, not reaped), or timeout_ms passes;
// its state then.
Result<ProcessState> wait_exited(Pid pid, uint64_t timeout_ms);

struct ProcessInfo {
  Pid pid;
  Pid ppid;
  Pid pgid;
  Pid sid;
  ProcessState state;
  int threads;
  Usage usage;        // so far (final for a zombie)
  uint64_t rss_kib;   // resident now (0 for a zombie)
  char name[kNameLen];
  int cpu;            // the CPU its first thread runs or last ran on; -1 for a zombie
};
Result<ProcessInfo> info(Pid pid);
// The scheduler's id of thread `tid` (0: the caller); kNotFound.
Result<sched::ThreadId> thread_id_of(Pid tid);
// Fills up to `max` entries in pid order; returns how many exist.
size_t list(ProcessInfo* out, size_t max);

}  // namespace akuma::proc
