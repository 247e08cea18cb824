// GICv2 (QEMU virt's default interrupt controller): distributor at 0x08000000,
// CPU interface at 0x08010000. One core, so every SPI targets CPU 0.
#pragma once

#include <stdint.h>

namespace akuma::arch::gic {

using Handler = void (*)(uint32_t intid);

void init();
// Routes `intid` to `handler` and unmasks it. Level-triggered.
void enable(uint32_t intid, Handler handler);
void disable(uint32_t intid);
// Acknowledges and runs handlers for every pending interrupt.
void handle_irq();
// Count of interrupts taken per id (tests check timer ticks arrive).
uint64_t count(uint32_t intid);

}  // namespace akuma::arch::gic
