// Internal to kernel/proc: the process table itself (sched lock).
#pragma once

#include "kernel/lib/intrusive_list.h"
#include "kernel/proc/process.h"

namespace akuma::proc {

extern IntrusiveList<Process, &Process::table_node> table;  // table lock
extern Pid next_pid;                                        // table lock

}  // namespace akuma::proc
