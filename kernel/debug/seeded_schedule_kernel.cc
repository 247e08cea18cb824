// The kernel's side of seeded_schedule.h.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/console/console.h"
#include "kernel/debug/seeded_schedule.h"

namespace akuma::seeded_schedule {
namespace {

SeededSchedule schedule{0};  // IRQ context only (ticks), after configure
bool seeded;

}  // namespace

void configure(const char* cmdline) {
  uint64_t seed;
  if (!parse_seed(cmdline, &seed)) return;
  schedule = SeededSchedule(seed);
  seeded = true;
  kprintf("sched: seeded schedule, seed %lu\n", static_cast<unsigned long>(seed));
}

bool tick() {
  if (!seeded) return true;
  uint32_t hz = arch::timer::tick_hz();
  SeededSchedule::Tick t = schedule.tick(1000000000ull / (hz ? hz : 100));
  uint64_t until = arch::timer::now_ns() + t.delay_ns;
  while (arch::timer::now_ns() < until) {
  }
  return t.slice_over;
}

}  // namespace akuma::seeded_schedule
