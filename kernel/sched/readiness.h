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
// Counts readiness_changed() calls. A poller reads it, scans its files
// without the sched lock (a socket's readiness needs the net lock, which
// ranks before it), then waits only if it has not moved: a change after the
// read is never missed.
uint64_t readiness_generation();
// Waits on the queue unless the generation moved past `seen` (sched lock
// taken inside): ok when woken or moved, kInterrupted, kTimedOut.
Result<void> wait_readiness(uint64_t seen, Wait kind, uint64_t deadline_ns);

}  // namespace akuma::sched
