#include "kernel/sched/readiness.h"

#include "kernel/sched/scheduler.h"

namespace akuma::sched {
namespace {

WaitQueue pollers;
uint64_t generation;  // atomic

}  // namespace

WaitQueue& readiness_queue() { return pollers; }

void readiness_changed() {
  __atomic_add_fetch(&generation, 1, __ATOMIC_ACQ_REL);
  pollers.wake_all();
}

uint64_t readiness_generation() { return __atomic_load_n(&generation, __ATOMIC_ACQUIRE); }

Result<void> wait_readiness(uint64_t seen, Wait kind, uint64_t deadline_ns) {
  SchedLock lock;
  if (readiness_generation() != seen) return {};
  return pollers.wait(kind, deadline_ns);
}

}  // namespace akuma::sched
