// Internal to kernel/proc: the process table and what its files share.
// Every *_locked function needs the table lock (the sched lock).
#pragma once

#include "kernel/lib/intrusive_list.h"
#include "kernel/proc/process.h"
#include "kernel/sched/thread.h"

namespace akuma::proc {

extern IntrusiveList<Process, &Process::table_node> table;  // table lock
extern Pid next_pid;                                        // table lock

// ------------------------------------------------------------ process.cc
// A new process becomes visible with its first thread: the next pid (also
// the thread's tid), its parent, and a place in the table. The thread is
// started only after this, so nothing runs as a process that has no pid yet.
Pid publish_locked(Process& p, Task& first, const Process& parent);
// A new thread joins a published process: its tid comes from the pid counter.
void add_task_locked(Process& p, Task& t);
// A thread leaves a process that keeps other threads (its own exit).
void remove_task_locked(Process& p, Task& t);
// Frees a process that was never published (its memory, descriptors).
void destroy_unpublished(Process* p);
// Makes the process state sum up its threads' (and a group stop). A state
// change wakes wait_settled callers.
void refresh_state_locked(Process& p);
// The group leader (the thread whose tid is the pid) if alive, else any.
Task* main_task_locked(Process& p);
// Usage so far: exited threads plus live ones (the running one up to now).
Usage live_usage_locked(const Process& p);
Usage thread_usage(const sched::Thread& t);

// ------------------------------------------------------------ signals.cc
// Sends to the process (any thread that does not block it takes it) or to
// one thread. Job control happens here: SIGCONT resumes a stopped process,
// a fatal signal starts the group exit at once.
void send_to_process_locked(Process& p, const SigInfo& info);
void send_to_task_locked(Task& t, const SigInfo& info);
// Every thread of `p` dies at its next return to user mode (or at once if
// it is asleep in an interruptible wait); the first status set wins.
void start_group_exit_locked(Process& p, int status);
// After some of p's threads were told to die (group exit, exec): wakes
// them wherever they wait, killable waits included.
void wake_killable_locked(Process& p);
// Sets or clears the thread's "work at the return to user mode" flag (the
// sched interrupt) from what is pending, unblocked, or asked of it.
void recalc_pending_locked(Task& t);
// SIGCHLD (the exit signal at exit) to the parent, and its wait4 woken.
// `code` is kCldExited/Killed/Stopped/Continued.
void notify_parent_locked(Process& child, int code, int status);
// All threads parked: the process is stopped, its parent is told.
void complete_stop_locked(Process& p);
// Where orphans go (set_child_reaper).
Pid child_reaper_locked();
// A group exit's or an exec's victims: threads that must die.
bool must_die_locked(const Task& t);
// POSIX orphaned process groups: when `exiting` leaves, a group that
// becomes orphaned and has a stopped member gets SIGHUP then SIGCONT.
void hang_up_orphaned_groups_locked(Process& exiting);
bool group_orphaned_locked(Pid pgid, const Process* ignoring);
// The ITIMER_REAL callback's target, and the cancel at exit.
void init_real_timer(Process& p);
void cancel_timers_locked(Process& p);
// A SIGALRM was taken: an interval timer starts its next period.
void rearm_real_timer_locked(Process& p);

// ------------------------------------------------------------ exec.cc
// Builds the pages above the mmap area every program maps (the sigreturn
// trampoline, the vDSO's data page), once, at init.
void init_user_pages();

// ------------------------------------------------------------ procfs.cc
// The /proc nodes of a process (at its reaping) or thread (at its exit).
void release_procfs_nodes(Process& p);
void release_procfs_nodes(Task& t);

// ------------------------------------------------------------ futex.cc
// Wakes up to `n` threads waiting on the word at `uaddr` in `space`.
size_t futex_wake(AddressSpace& space, uint64_t uaddr, size_t n);

// ------------------------------------------------------------ exit.cc
// The current thread leaves; `status` is the wait status. The last thread
// out finalises the process. Runs with IRQs masked or not.
[[noreturn]] void exit_thread(int status);

}  // namespace akuma::proc
