#include "kernel/debug/seeded_schedule.h"

namespace akuma::seeded_schedule {

bool parse_seed(const char* cmdline, uint64_t* seed) {
  static constexpr char kKey[] = "akuma.seed=";
  for (const char* p = cmdline; *p;) {
    while (*p == ' ') ++p;
    const char* k = kKey;
    const char* q = p;
    while (*k && *q == *k) ++q, ++k;
    if (*k == '\0' && *q >= '0' && *q <= '9') {
      uint64_t v = 0;
      for (; *q >= '0' && *q <= '9'; ++q) v = v * 10 + static_cast<uint64_t>(*q - '0');
      if (*q == ' ' || *q == '\0') {
        *seed = v;
        return true;
      }
    }
    while (*p && *p != ' ') ++p;
  }
  return false;
}

SeededSchedule::Tick SeededSchedule::tick(uint64_t tick_ns) {
  if (ticks_left_ == 0) ticks_left_ = 1 + static_cast<uint32_t>(rng_.next() % kMaxSliceTicks);
  uint64_t delay = rng_.next() % (tick_ns * kMaxDelayPercent / 100 + 1);
  return Tick{delay, --ticks_left_ == 0};
}

}  // namespace akuma::seeded_schedule
