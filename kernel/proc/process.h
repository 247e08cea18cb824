// Process: a program running at EL0 on one thread, in its own address space.
//
// Locking: the process table and every field marked "table lock" are guarded
// by the sched lock (IRQs masked, single core; sched::SchedLock). Fields
// marked "own thread" are touched only by the process's own thread (its
// syscalls and its exit, which also runs on that thread); "fixed" fields do
// not change after spawn.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/intrusive_list.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/channel.h"
#include "kernel/proc/fd_table.h"
#include "kernel/proc/process_state.h"
#include "kernel/sched/thread.h"
#include "kernel/sched/wait_queue.h"
#include "kernel/syscall/abi.h"

namespace akuma::proc {

using Pid = int;
constexpr Pid kKernelPid = 0;
constexpr size_t kNameLen = 32;

struct Process {
  explicit Process(abi::Stdio stdio) : channel(stdio) {}

  Pid pid = 0;                  // fixed; never reused (a counter that only grows)
  Pid ppid = 0;                 // table lock (reparenting changes it)
  char name[kNameLen] = {};     // fixed
  Lifecycle lifecycle;          // table lock
  sched::ThreadId thread_id;    // fixed (a stale id never names another thread)
  AddressSpace* space = nullptr;  // own thread; freed at exit
  FdTable fds;                  // own thread
  Channel channel;              // its own methods take the sched lock
  int exit_status = 0;          // table lock; meaningful once a zombie
  int kill_signal = 0;          // table lock; set by the first kill (SIGKILL, SIGINT)
  abi::Rusage rusage{};         // table lock; filled at exit
  sched::WaitQueue child_exit;  // wait4 callers of this process: a child died
  sched::WaitQueue exit_waiters;  // killers waiting for this process to die
  sched::WaitQueue settle_waiters;  // wait_settled callers: woken when it blocks
  ListNode table_node;          // table lock
};

// The process table (table lock held by the caller).
Process* find_locked(Pid pid);
// The process the current thread belongs to (PID 0 for kernel threads).
Process& current_process();
Process& kernel_process();

// Sets up PID 0 around the current (boot) thread and hooks the scheduler.
void init();

// Ends the current process with a wait status (abi::status_exited / _signaled).
[[noreturn]] void exit_current(int status);
// The safe point on every return to user mode: a process told to die (kill)
// exits here with the kill's signal (SIGKILL unless it was SIGINT).
void on_return_to_user();

}  // namespace akuma::proc
