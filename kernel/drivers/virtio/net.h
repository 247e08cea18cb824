// virtio-net driver (virtio 1.x section 5.1) over virtio-mmio.
//
// Features: VIRTIO_F_VERSION_1 (modern devices) and VIRTIO_NET_F_MAC only --
// no offloads, no mergeable buffers, no control queue -- so every frame is one
// buffer holding the virtio-net header and at most kMaxFrame bytes.
//
// Receive is interrupt driven: the IRQ handler acknowledges the device, moves
// filled RX buffers to a ready list (or drops and re-posts them when the list
// is full, so the device never starves) and calls the RX callback. receive()
// copies a ready frame out and gives its buffer back to the device. Transmit
// copies the frame into a free TX buffer; finished TX buffers are reclaimed by
// the IRQ handler and by transmit itself, which returns kBusy rather than wait
// when all are in flight.
//
// Concurrency: one core; all shared state is guarded by masking IRQs (every
// public method does so), against the device's IRQ handler.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/drivers/virtio/mmio.h"
#include "kernel/drivers/virtio/virtqueue.h"
#include "kernel/lib/result.h"

namespace akuma::virtio {

struct MacAddress {
  uint8_t bytes[6];
};

struct NetStats {
  uint64_t rx_frames;  // delivered by receive()
  uint64_t rx_bytes;
  uint64_t rx_drops;  // malformed, ready list full, or larger than the caller's buffer
  uint64_t tx_frames;  // handed to the device
  uint64_t tx_bytes;
};

class VirtioNet {
 public:
  // Ethernet frame without FCS, the largest the device sends us without offloads.
  static constexpr size_t kMaxFrame = 1514;

  // Finds and initialises the first virtio-net device (kNotFound if there is
  // none, kNotSupported if it refuses our features or queues). Probing again
  // returns the same device.
  static Result<VirtioNet*> probe();

  // Copies `frame` (a whole Ethernet frame) out. kBusy if every TX buffer is
  // still with the device; kInvalidArgument if it is not 14..kMaxFrame bytes.
  Result<void> transmit(const uint8_t* frame, size_t len);
  // Copies the oldest received frame into `buf`, returning its length; 0 if
  // none is ready. A frame longer than `cap` is dropped (counted in rx_drops).
  size_t receive(uint8_t* buf, size_t cap);
  // Waits (WFI) until a frame is ready or the clock reaches `deadline_ms`
  // (arch::timer::now_ms); true if one is ready. Call with IRQs enabled.
  bool wait_for_frame(uint64_t deadline_ms);

  MacAddress mac() const { return mac_; }
  // `callback(arg)` runs in IRQ context each time new frames become ready.
  void set_rx_callback(void (*callback)(void*), void* arg);
  NetStats stats() const;

 private:
  explicit VirtioNet(Transport transport) : transport_(transport) {}
  Result<void> init();
  static void on_irq(uint32_t intid);
  void handle_irq();
  void collect_rx();
  void reclaim_tx();
  void give_rx_buffer(uint16_t id);

  struct Ready {
    uint16_t id;
    uint32_t len;  // frame bytes, header excluded
  };
  static constexpr uint16_t kQueueSize = 64;
  // Filled buffers we hold at most; the rest stay with the device.
  static constexpr uint16_t kReadyMax = kQueueSize / 2;

  Transport transport_;
  size_t header_len_ = 0;  // 12 bytes (VERSION_1) or 10 (legacy); set by init
  MacAddress mac_{};       // set by init
  Virtqueue rx_;           // guarded by IRQ masking
  Virtqueue tx_;           // guarded by IRQ masking
  Ready ready_[kReadyMax];  // FIFO of filled RX buffers; guarded by IRQ masking
  uint16_t ready_head_ = 0;   // guarded by IRQ masking
  uint16_t ready_count_ = 0;  // guarded by IRQ masking
  uint16_t tx_free_[kQueueSize];  // TX buffer ids not with the device; guarded by IRQ masking
  uint16_t tx_free_count_ = 0;    // guarded by IRQ masking
  void (*rx_callback_)(void*) = nullptr;  // guarded by IRQ masking
  void* rx_callback_arg_ = nullptr;       // guarded by IRQ masking
  NetStats stats_{};                      // guarded by IRQ masking
};

}  // namespace akuma::virtio
