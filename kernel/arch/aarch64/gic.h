// GICv2 (QEMU virt's default interrupt controller): distributor at 0x08000000,
// CPU interface at 0x08010000 (banked: each core sees its own). Shared
// peripheral interrupts (the UART, virtio) target CPU 0; private ones (the
// timer, PPI 27) and software-generated ones (IPIs, SGI 0-15) are per CPU.
#pragma once

#include <stdint.h>

namespace akuma::arch::gic {

using Handler = void (*)(uint32_t intid);

// The distributor (once) and the boot CPU's interface.
void init();
// A secondary CPU's interface and its banked registers (on that CPU).
void init_cpu();
// Routes `intid` to `handler` and unmasks it: an SPI for every CPU (routed
// to CPU 0), an SGI or PPI on the calling CPU only. SPIs are level-triggered.
void enable(uint32_t intid, Handler handler);
void disable(uint32_t intid);
// Acknowledges and runs handlers for every pending interrupt.
void handle_irq();
// Count of interrupts taken per id (tests check timer ticks arrive).
uint64_t count(uint32_t intid);
// Raises SGI `intid` (0-15) on CPU `cpu_id` (percpu.h's id).
void send_sgi(uint32_t intid, uint32_t cpu_id);

}  // namespace akuma::arch::gic
