// One wait queue for "something's readiness changed": poll()/ppoll() callers
// wait here, and every pipe, terminal and socket wakes it whenever what it
// would report to poll may have changed. A thread sits on one queue at a
// time, so a poll over many files waits here and re-checks its own files
// after every wake-up (a few spurious wake-ups for a few pollers, and no
// per-file registration to undo when a file closes under a poller).
#pragma once

#include "kernel/sched/wait_queue.h"

namespace akuma::sched {

WaitQueue& readiness_queue();
// Wakes every poller. Safe from IRQ handlers.
void readiness_changed();

}  // namespace akuma::sched
