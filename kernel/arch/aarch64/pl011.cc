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

// Single producer (the IRQ handler, on CPU 0) / single consumer (readers,
// serialised by the sched lock): head and tail are published with release
// and read with acquire, so the bytes between them are seen whole on any CPU.
constexpr size_t kRxSize = 4096;
char rx_ring[kRxSize];
size_t rx_head;  // written by the IRQ handler
size_t rx_tail;  // written by the reader
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
  size_t head = __atomic_load_n(&rx_head, __ATOMIC_RELAXED);
  while (!(mmio_read32(kFR) & kFrRxEmpty)) {
    char c = static_cast<char>(mmio_read32(kDR) & 0xff);
    size_t next = (head + 1) % kRxSize;
    if (next == __atomic_load_n(&rx_tail, __ATOMIC_ACQUIRE)) {
      ++overruns;
      continue;
    }
    rx_ring[head] = c;
    head = next;
    __atomic_store_n(&rx_head, head, __ATOMIC_RELEASE);
    any = true;
  }
  if (any && rx_callback) rx_callback();
}

int try_getc() {
  size_t tail = __atomic_load_n(&rx_tail, __ATOMIC_RELAXED);
  if (tail == __atomic_load_n(&rx_head, __ATOMIC_ACQUIRE)) return -1;
  char c = rx_ring[tail];
  __atomic_store_n(&rx_tail, (tail + 1) % kRxSize, __ATOMIC_RELEASE);
  return static_cast<unsigned char>(c);
}

bool rx_pending() { return __atomic_load_n(&rx_tail, __ATOMIC_RELAXED) != __atomic_load_n(&rx_head, __ATOMIC_ACQUIRE); }

uint64_t rx_overruns() { return overruns; }

void set_rx_callback(RxCallback cb) { rx_callback = cb; }

}  // namespace akuma::arch::pl011
