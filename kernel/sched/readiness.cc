#include "kernel/sched/readiness.h"

#include "kernel/sched/scheduler.h"

namespace akuma::sched {
namespace {

WaitQueue pollers;
uint64_t generation;  // atomic

bool waits_for(Thread& t, void* bit) { return (t.poll_sources & reinterpret_cast<uintptr_t>(bit)) != 0; }

}  // namespace

uint64_t readiness_bit(uintptr_t source) {
  // Fibonacci hashing: the top 6 bits of the product spread pointers (which
  // share their low bits) and small handles alike.
  return 1ull << ((static_cast<uint64_t>(source) * 0x9e3779b97f4a7c15ull) >> 58);
}

void readiness_changed(uintptr_t source) {
  __atomic_add_fetch(&generation, 1, __ATOMIC_ACQ_REL);
  SchedLock lock;
  if (!pollers.empty())
    pollers.wake_if(waits_for, reinterpret_cast<void*>(static_cast<uintptr_t>(readiness_bit(source))), ~size_t{0});
}

uint64_t readiness_generation() { return __atomic_load_n(&generation, __ATOMIC_ACQUIRE); }

Result<void> wait_readiness(uint64_t seen, uint64_t sources, Wait kind, uint64_t deadline_ns) {
  SchedLock lock;
  if (readiness_generation() != seen) return {};
  current()->poll_sources = sources;
  Result<void> r = pollers.wait(kind, deadline_ns);
  current()->poll_sources = 0;
  return r;
}

}  // namespace akuma::sched
