#include "kernel/arch/aarch64/pl011.h"

#include "kernel/arch/aarch64/mmio.h"

namespace akuma::arch::pl011 {
namespace {

constexpr uintptr_t kBase = 0x09000000;
constexpr uintptr_t kDR = kBase + 0x00;
constexpr uintptr_t kFR = kBase + 0x18;
constexpr uintptr_t kIMSC = kBase + 0x38;
constexpr uintptr_t kICR = kBase + 0x44;
constexpr uint32_t kFrTxFull = 1 << 5;
constexpr uint32_t kFrRxEmpty = 1 << 4;
constexpr uint32_t kIntRx = 1 << 4;
constexpr uint32_t kIntRxTimeout = 1 << 6;

// Single producer (IRQ handler) / single consumer (reader with IRQs masked
// or the same core), so head/tail need no lock beyond IRQ masking.
constexpr size_t kRxSize = 4096;
char rx_ring[kRxSize];
volatile size_t rx_head;  // written by the IRQ handler
volatile size_t rx_tail;  // written by the reader
uint64_t overruns;
RxCallback rx_callback;

}  // namespace

void init() {
  // QEMU's PL011 needs no baud setup; just enable receive interrupts.
  mmio_write32(kICR, 0x7ff);
  mmio_write32(kIMSC, kIntRx | kIntRxTimeout);
}

void putc(char c) {
  while (mmio_read32(kFR) & kFrTxFull) {
  }
  mmio_write32(kDR, static_cast<uint8_t>(c));
}

void write(const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (s[i] == '\n') putc('\r');
    putc(s[i]);
  }
}

void handle_irq() {
  // Acknowledge before draining: QEMU raises the RX interrupt only when the
  // FIFO goes from empty to one byte, so a byte arriving between the drain
  // and a later acknowledge would have its interrupt cleared and input would
  // stall for good (seen under fast typing).
  mmio_write32(kICR, kIntRx | kIntRxTimeout);
  bool any = false;
  while (!(mmio_read32(kFR) & kFrRxEmpty)) {
    char c = static_cast<char>(mmio_read32(kDR) & 0xff);
    size_t next = (rx_head + 1) % kRxSize;
    if (next == rx_tail) {
      ++overruns;
      continue;
    }
    rx_ring[rx_head] = c;
    rx_head = next;
    any = true;
  }
  if (any && rx_callback) rx_callback();
}

int try_getc() {
  if (rx_tail == rx_head) return -1;
  char c = rx_ring[rx_tail];
  rx_tail = (rx_tail + 1) % kRxSize;
  return static_cast<unsigned char>(c);
}

bool rx_pending() { return rx_tail != rx_head; }

uint64_t rx_overruns() { return overruns; }

void set_rx_callback(RxCallback cb) { rx_callback = cb; }

}  // namespace akuma::arch::pl011
