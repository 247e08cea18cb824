// Process and Task: a program running at EL0 in its own address space, on
// one or more threads (Tasks), with Linux's process attributes: pid, parent,
// process group and session, descriptors, signal actions and pending
// signals, timers, the executable's name and path, and resource usage.
//
// A Task is one user thread of a process: its kernel thread (sched::Thread,
// whose owner it is), its thread id, its signal mask and its own pending
// signals. The first task's tid is the pid; later ones take ids from the same
// counter (as Linux's tids share the pid space).
//
// Locking: the process table and every field marked "table lock" are guarded
// by the sched lock (IRQs masked, single core; sched::SchedLock). Fields
// marked "own thread" are touched only by the task's own thread. Fields
// marked "process threads" are touched only by threads of the process (which
// the kernel never preempts in the middle of kernel code, so no two touch
// them at once) — or, before the process is published, by whoever builds it.
// "fixed" fields do not change after the process is published.
//
// Lifetime: a Task lives until its thread exits; the Process until it is
// reaped. Resources shared by the threads (memory, descriptors, timers) are
// released only by the last thread out, so nothing is freed while another
// thread can still touch it.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/intrusive_list.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/file.h"
#include "kernel/proc/process_state.h"
#include "kernel/proc/signal.h"
#include "kernel/sched/thread.h"
#include "kernel/sched/timer.h"
#include "kernel/sched/wait_queue.h"

namespace akuma::proc {

using Pid = int;
constexpr Pid kKernelPid = 0;
constexpr size_t kNameLen = 16;   // Linux's TASK_COMM_LEN, NUL included
constexpr size_t kPathMax = 256;  // the longest executable path kept for /proc/self/exe

// CPU time and counters, accumulated per thread, per process (and for
// reaped children).
struct Usage {
  uint64_t user_ns = 0;
  uint64_t system_ns = 0;
  uint64_t max_rss_kib = 0;  // peak resident memory (user pages and tables)
  uint64_t minor_faults = 0;
  uint64_t voluntary_switches = 0;
  uint64_t involuntary_switches = 0;
};
void add_usage(Usage& into, const Usage& u);

struct Process;

// sigaltstack's settings (stack_t).
struct AltStack {
  uint64_t sp = 0;
  uint64_t size = 0;
  bool enabled = false;
};

struct Task {
  Pid tid = 0;                     // fixed once published (execve makes the survivor's tid the pid)
  Process* process = nullptr;      // fixed
  sched::Thread* thread = nullptr;  // fixed; the thread's owner is this task until it exits
  uint64_t blocked = 0;            // table lock: the signal mask
  SigQueue pending;                // table lock: signals sent to this thread alone
  // sigsuspend, ppoll and pselect6 replace the mask while they wait; the
  // saved mask comes back once a handler's frame has recorded it, or at the
  // return to user mode when none ran. Own thread.
  uint64_t saved_blocked = 0;
  bool restore_blocked = false;
  AltStack altstack;               // own thread
  bool parked = false;             // table lock: stopped in a group stop
  uint64_t clear_child_tid = 0;    // own thread: set_tid_address / CLONE_CHILD_CLEARTID
  uint64_t robust_list = 0;        // own thread: set_robust_list (kept, not walked)
  uint64_t futex_key = 0;          // table lock: the word this thread waits on (futex)
  uint32_t futex_bitset = 0;       // table lock
  uint64_t restart_deadline_ns = 0;  // own thread: the sleep restart_syscall resumes
  uint64_t restart_rem = 0;          // own thread: and where it reports the time left
  void* procfs_nodes = nullptr;    // table lock: its /proc/PID/task/TID nodes (procfs.cc)
  ListNode process_node;           // table lock
};

// Where a process is in a group stop (job control).
enum class StopState : uint8_t {
  kNone,
  kStopping,  // a stop signal was taken: every thread parks at its next return to user mode
  kStopped,   // all parked; the parent has been told
};

// ITIMER_REAL: SIGALRM when the deadline passes, then every interval
// (each period starting when the last SIGALRM is taken; timers.cc).
struct RealTimer {
  sched::Timer timer;      // armed while deadline_ns != 0; table lock
  uint64_t interval_ns = 0;
  uint64_t expired_ns = 0;  // when it last fired, until re-armed
  Process* process = nullptr;
};

struct Process {
  Pid pid = 0;                  // fixed; never reused (a counter that only grows)
  Pid ppid = 0;                 // table lock (reparenting changes it)
  Pid pgid = 0;                 // table lock
  Pid sid = 0;                  // table lock
  char name[kNameLen] = {};     // process threads (execve renames): the program's base name
  char exe[kPathMax] = {};      // process threads: the executable's absolute path
  Lifecycle lifecycle;          // table lock
  AddressSpace* space = nullptr;  // process threads; released by the last thread (shared with a vfork child)
  FdTable fds;                  // process threads
  void* cwd = nullptr;          // process threads: the working directory (a fs node)
  bool did_exec = false;        // table lock: execve succeeded (setpgid by the parent: EACCES)
  uint64_t start_ns = 0;        // fixed: when it was published (monotonic)
  // Where the program's argument and environment strings are in its memory
  // (/proc/PID/cmdline). Process threads.
  uint64_t arg_start = 0, arg_end = 0, env_start = 0, env_end = 0;
  void* procfs_nodes = nullptr;  // table lock: its /proc/PID nodes (procfs.cc)

  // Threads.
  IntrusiveList<Task, &Task::process_node> tasks;  // table lock; live threads
  int live_tasks = 0;           // table lock
  // The last thread, the leader's, is on its way out (exit.cc's finalize):
  // /proc shows it running until the process is a zombie. Table lock.
  bool leader_finishing = false;
  Usage dead_tasks_usage;       // table lock: threads that already exited
  // A thread that execs kills its siblings first and waits here for them.
  Task* exec_task = nullptr;    // table lock
  sched::WaitQueue exec_wait;

  // Signals.
  SignalState signals;          // table lock: the actions
  SigQueue pending;             // table lock: signals sent to the process
  bool group_exit = false;      // table lock: every thread dies at its next return to user mode
  StopState stop = StopState::kNone;  // table lock
  int stop_signal = 0;          // table lock
  int stop_unparked = 0;        // table lock: threads still to park (kStopping)
  sched::WaitQueue stop_wait;   // parked threads, until SIGCONT or SIGKILL
  // Unreported job-control events for the parent's wait4 (WUNTRACED,
  // WCONTINUED): the stop signal, and a continue.
  int stop_report = 0;          // table lock
  bool continue_report = false;  // table lock
  RealTimer real_timer;         // table lock

  int exit_signal = 0;          // fixed: what the parent gets at exit (SIGCHLD)
  int exit_status = 0;          // table lock: the wait status, final once a zombie
  bool vfork_pending = false;   // table lock: a vfork parent waits until this clears
  Usage usage;                  // table lock; this process's own, final at exit
  Usage children_usage;         // table lock; reaped children's (RUSAGE_CHILDREN)
  sched::WaitQueue child_exit;  // wait4 callers of this process: a child changed state
  sched::WaitQueue exit_waiters;  // killers waiting for this process to die
  sched::WaitQueue settle_waiters;  // wait_settled callers: woken when it blocks or stops
  sched::WaitQueue vfork_done;  // the vfork parent, until the child execs or exits
  ListNode table_node;          // table lock
};

// The process table (table lock held by the caller).
Process* find_locked(Pid pid);
// The task with thread id `tid` (table lock held), or nullptr.
Task* find_task_locked(Pid tid);
// The process the current thread belongs to (PID 0 for kernel threads).
Process& current_process();
Process& kernel_process();
// The current thread's task; nullptr on a kernel thread.
Task* current_task();

// Sets up PID 0 around the current (boot) thread and hooks the scheduler.
void init();

}  // namespace akuma::proc
