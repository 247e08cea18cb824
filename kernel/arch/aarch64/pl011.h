// PL011 UART on QEMU virt (0x09000000, SPI 1 = INTID 33): the serial console.
// Transmit is polled (output must reach the transcript even from a panic);
// receive is interrupt driven into a ring buffer.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::arch::pl011 {

constexpr uint32_t kIrq = 33;

void init();
void putc(char c);
void write(const char* s, size_t n);

// Called from the IRQ handler: drains the receive FIFO into the ring buffer.
void handle_irq();
// Next received byte, or -1 when none is waiting.
int try_getc();
// Whether a received byte is waiting.
bool rx_pending();
// Bytes dropped because the ring buffer was full (reported by `free`/tests).
uint64_t rx_overruns();

// Set by the console layer: called (in IRQ context) after bytes arrive, so a
// waiting reader can be woken.
using RxCallback = void (*)();
void set_rx_callback(RxCallback cb);

}  // namespace akuma::arch::pl011
