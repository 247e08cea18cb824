// Internal to kernel/proc: the process table itself (sched lock).
#pragma once

#include "kernel/lib/intrusive_list.h"
#include "kernel/proc/process.h"
#include "kernel/sched/thread.h"

namespace akuma::proc {

extern IntrusiveList<Process, &Process::table_node> table;  // table lock
extern Pid next_pid;                                        // table lock

// A new process becomes visible: it gets its thread, the next pid and its
// parent, and enters the table. Its thread is started only after this, so
// nothing runs as a process that has no pid yet. Table lock held.
Pid publish_locked(Process& p, sched::Thread& thread, const Process& parent);
// Frees a process that was never published (its memory, descriptors).
void destroy_unpublished(Process* p);

}  // namespace akuma::proc
