// Process: a program running at EL0 on one thread, in its own address space,
// with Linux's process attributes: pid, parent, process group and session,
// descriptors, signal actions, the executable's name and path, and its
// resource usage.
//
// Locking: the process table and every field marked "table lock" are guarded
// by the sched lock (IRQs masked, single core; sched::SchedLock). Fields
// marked "own thread" are touched only by the process's own thread (its
// syscalls and its exit, which also runs on that thread) — or, before the
// thread first runs, by whoever builds the process; "fixed" fields do not
// change after the process is published in the table.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/intrusive_list.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/file.h"
#include "kernel/proc/process_state.h"
#include "kernel/proc/signal.h"
#include "kernel/sched/thread.h"
#include "kernel/sched/wait_queue.h"

namespace akuma::proc {

using Pid = int;
constexpr Pid kKernelPid = 0;
constexpr size_t kNameLen = 16;   // Linux's TASK_COMM_LEN, NUL included
constexpr size_t kPathMax = 256;  // the longest executable path kept for /proc/self/exe

// CPU time and counters, accumulated per process (and for reaped children).
struct Usage {
  uint64_t user_ns = 0;
  uint64_t system_ns = 0;
  uint64_t max_rss_kib = 0;  // peak resident memory (user pages and tables)
  uint64_t minor_faults = 0;
  uint64_t voluntary_switches = 0;
  uint64_t involuntary_switches = 0;
};

struct Process {
  Pid pid = 0;                  // fixed; never reused (a counter that only grows)
  Pid ppid = 0;                 // table lock (reparenting changes it)
  Pid pgid = 0;                 // table lock
  Pid sid = 0;                  // table lock
  char name[kNameLen] = {};     // own thread (execve renames): the program's base name
  char exe[kPathMax] = {};      // own thread: the executable's absolute path
  Lifecycle lifecycle;          // table lock
  sched::ThreadId thread_id;    // fixed (a stale id never names another thread)
  AddressSpace* space = nullptr;  // own thread; released at exit (shared with a vfork child)
  FdTable fds;                  // own thread
  void* cwd = nullptr;          // own thread: the working directory (a fs node)
  SignalState signals;          // table lock
  uint64_t clear_child_tid = 0;   // own thread: set_tid_address / CLONE_CHILD_CLEARTID
  uint64_t robust_list = 0;       // own thread: set_robust_list (kept, not walked yet)
  int exit_signal = 0;          // fixed: what the parent gets at exit (SIGCHLD)
  int exit_status = 0;          // table lock; meaningful once a zombie
  int kill_signal = 0;          // table lock; the first fatal signal (SIGKILL, SIGINT, ...)
  bool vfork_pending = false;   // table lock: a vfork parent waits until this clears
  Usage usage;                  // table lock; this process's own, final at exit
  Usage children_usage;         // table lock; reaped children's (RUSAGE_CHILDREN)
  sched::WaitQueue child_exit;  // wait4 callers of this process: a child died
  sched::WaitQueue exit_waiters;  // killers waiting for this process to die
  sched::WaitQueue settle_waiters;  // wait_settled callers: woken when it blocks
  sched::WaitQueue vfork_done;  // the vfork parent, until the child execs or exits
  ListNode table_node;          // table lock
};

// The process table (table lock held by the caller).
Process* find_locked(Pid pid);
// The process the current thread belongs to (PID 0 for kernel threads).
Process& current_process();
Process& kernel_process();

// Sets up PID 0 around the current (boot) thread and hooks the scheduler.
void init();

// Ends the current process with a wait status (abi status_exited / _signaled).
[[noreturn]] void exit_current(int status);
// The safe point on every return to user mode: a process told to die (a
// fatal signal) exits here with that signal.
void on_return_to_user();

}  // namespace akuma::proc
