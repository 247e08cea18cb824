// One wait queue for "something's readiness changed": poll()/ppoll() callers
// wait here, and every pipe, terminal and socket says so whenever what it
// would report to poll may have changed. A thread sits on one queue at a
// time, so a poll over many files waits here and re-checks its own files
// after every wake-up (no per-file registration to undo when a file closes
// under a poller).
//
// Sources: what a file's readiness depends on is its `source`, the
// OpenFile's data (the Pipe, the socket handle, nullptr for the console).
// A poller waits with the bits of its files' sources (readiness_bit: 64
// buckets), and readiness_changed(source) wakes only pollers whose bits
// include the source's: typing at the console does not wake an httpd that
// polls only sockets. Two sources sharing a bucket cost a spurious wake-up,
// never a lost one.
#pragma once

#include <stdint.h>

#include "kernel/sched/wait_queue.h"

namespace akuma::sched {

// The bucket bit of a source (OpenFile::data as an integer).
uint64_t readiness_bit(uintptr_t source);
// Wakes the pollers waiting for `source`. Safe from IRQ handlers.
void readiness_changed(uintptr_t source);
// Counts readiness_changed() calls. A poller reads it, scans its files
// without the sched lock (a socket's readiness needs the net lock, which
// ranks before it), then waits only if it has not moved: a change after the
// read is never missed.
uint64_t readiness_generation();
// Waits on the queue for a change of one of `sources` (readiness_bit()s,
// or'ed) unless the generation moved past `seen` (sched lock taken inside):
// ok when woken or moved, kInterrupted, kTimedOut.
Result<void> wait_readiness(uint64_t seen, uint64_t sources, Wait kind, uint64_t deadline_ns);

}  // namespace akuma::sched
