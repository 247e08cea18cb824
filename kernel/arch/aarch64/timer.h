// ARM generic timer, EL1 virtual timer (PPI 27). Drives the scheduler tick and
// the monotonic clock every timeout in the kernel is measured against.
#pragma once

#include <stdint.h>

namespace akuma::arch::timer {

constexpr uint32_t kIrq = 27;

// Starts periodic ticks of `hz` per second; `on_tick` runs in IRQ context.
void init(uint32_t hz, void (*on_tick)());
// A secondary CPU's own timer, at the same rate (after init on the boot CPU).
void init_cpu();
uint64_t now_ns();
uint64_t now_ms();
uint64_t ticks();
uint32_t tick_hz();
// Wall-clock time: seconds since the epoch from the board's PL031 real-time
// clock (QEMU's host time at boot) plus the monotonic time since, in ns.
uint64_t realtime_ns();

}  // namespace akuma::arch::timer
