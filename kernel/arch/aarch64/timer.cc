#include "kernel/arch/aarch64/timer.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/gic.h"
#include "kernel/arch/aarch64/mmio.h"
#include "kernel/arch/aarch64/percpu.h"

namespace akuma::arch::timer {
namespace {

uint64_t frequency;
uint64_t interval;
uint32_t hz_;
volatile uint64_t tick_count;
void (*tick_handler)();

void on_irq(uint32_t) {
  AKUMA_WRITE_SYSREG(cntv_tval_el0, interval);
  if (this_cpu().id == 0) tick_count = tick_count + 1;  // the boot CPU's ticks
  if (tick_handler) tick_handler();
}

}  // namespace

void init(uint32_t hz, void (*on_tick)()) {
  frequency = AKUMA_READ_SYSREG(cntfrq_el0);
  hz_ = hz;
  interval = frequency / hz;
  tick_handler = on_tick;
  init_cpu();
}

void init_cpu() {
  gic::enable(kIrq, on_irq);  // PPI 27 is banked: each CPU enables its own
  AKUMA_WRITE_SYSREG(cntv_tval_el0, interval);
  AKUMA_WRITE_SYSREG(cntv_ctl_el0, 1);  // enable, not masked
  // User mode may read the virtual counter (CNTKCTL_EL1.EL0VCTEN): the vDSO's
  // clocks do, as on Linux. The physical counter and the timers stay the kernel's.
  AKUMA_WRITE_SYSREG(cntkctl_el1, 0x2);
}

uint64_t now_ns() {
  uint64_t count = AKUMA_READ_SYSREG(cntvct_el0);
  if (frequency == 0) frequency = AKUMA_READ_SYSREG(cntfrq_el0);
  // Split to avoid overflow of count * 1e9.
  return (count / frequency) * 1000000000ull + (count % frequency) * 1000000000ull / frequency;
}

uint64_t now_ms() { return now_ns() / 1000000; }

uint64_t realtime_ns() {
  // PL031 on QEMU's virt board at 0x0901_0000: RTCDR (offset 0) counts seconds.
  constexpr uintptr_t kRtcData = 0x09010000;
  static uint64_t epoch_at_boot_ns;  // wall-clock time when now_ns() was 0
  if (epoch_at_boot_ns == 0) {
    uint64_t rtc_ns = uint64_t{mmio_read32(kRtcData)} * 1000000000ull;
    uint64_t now = now_ns();
    epoch_at_boot_ns = rtc_ns > now ? rtc_ns - now : 1;
  }
  return epoch_at_boot_ns + now_ns();
}
uint64_t ticks() { return tick_count; }
uint32_t tick_hz() { return hz_; }

}  // namespace akuma::arch::timer
