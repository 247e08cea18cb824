// Replayable schedules (harness --seed, --config=deterministic): with `akuma.seed=N` on the
// kernel command line, the scheduler's decisions get seeded jitter, so a run under QEMU's
// -icount (which makes the machine itself deterministic) is one interleaving out of many,
// named by its seed:
//
//  - time slices last 1..kMaxSliceTicks timer ticks instead of one;
//  - every tick at which another thread is ready first spends a seeded part of itself
//    (up to kMaxDelayPercent) in the kernel, so the user code that runs between two ticks,
//    and with it the instruction each preemption lands on, differs from seed to seed.
//
// The same seed gives the same decisions, so the same run; without a seed nothing changes.
// SeededSchedule is the pure part (host tested); configure and tick are the kernel's hooks
// (kernel/boot/main.cc, kernel/sched/scheduler.cc).
#pragma once

#include <stdint.h>

#include "kernel/lib/random.h"

namespace akuma::seeded_schedule {

constexpr uint32_t kMaxSliceTicks = 4;
constexpr uint32_t kMaxDelayPercent = 50;

// "akuma.seed=N" among the command line's words: true and *seed = N.
bool parse_seed(const char* cmdline, uint64_t* seed);

class SeededSchedule {
 public:
  explicit SeededSchedule(uint64_t seed) : rng_(seed) {}

  struct Tick {
    uint64_t delay_ns;  // spent in the kernel first
    bool slice_over;    // the running thread's slice has ended
  };
  // A tick (of `tick_ns`) at which another thread is ready.
  Tick tick(uint64_t tick_ns);

 private:
  Random rng_;
  uint32_t ticks_left_ = 0;  // of the current slice
};

// The kernel's hooks. configure: at boot, from the command line; with a seed, announces it
// as the console's first line ("sched: seeded schedule, seed N"). tick: at a timer tick
// with another thread ready (IRQ context); whether to preempt (always, without a seed).
void configure(const char* cmdline);
bool tick();

}  // namespace akuma::seeded_schedule
