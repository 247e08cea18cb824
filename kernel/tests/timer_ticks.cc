// Timer interrupts arrive: the generic timer ticks at the configured rate and
// the monotonic clock advances with it.
#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/gic.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"

namespace akuma {

int program_main() {
  using namespace arch;
  kprintf("timer: ticking at %u Hz\n", timer::tick_hz());
  uint64_t start_ticks = timer::ticks();
  uint64_t start_ms = timer::now_ms();
  while (timer::ticks() < start_ticks + 20) wait_for_interrupt();
  uint64_t elapsed = timer::now_ms() - start_ms;
  kprintf("timer: 20 ticks arrived\n");
  // 20 ticks at 100 Hz: at least 190 ms (the first tick may come early).
  kprintf("timer: clock advanced at least 190 ms: %s\n", elapsed >= 190 ? "yes" : "no");
  kprintf("timer: interrupts counted by the GIC: %s\n",
          gic::count(timer::kIrq) >= 20 ? "at least 20" : "too few");
  return elapsed >= 190 ? 0 : 1;
}

}  // namespace akuma
