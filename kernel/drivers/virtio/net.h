// virtio-net driver (virtio 1.x section 5.1) over virtio-mmio.
//
// Features: VIRTIO_F_VERSION_1 (modern devices) and VIRTIO_NET_F_MAC only --
// no offloads, no mergeable buffers, no control queue -- so every frame is one
// buffer holding the virtio-net header and at most kMaxFrame bytes.
//
// Receive is interrupt driven: the IRQ handler acknowledges the device, moves
// filled RX buffers to a ready list (or drops and re-posts them when the list
// is full, so the device never starves) and calls the callback; one interrupt
// covers every buffer filled by then. receive_each() hands the ready frames
// to the stack in place (no copy) and gives all their buffers back with one
// notification; receive() is the copying variant for simple users.
//
// Transmit copies the frame into a free TX buffer. When all 256 are with the
// device, frames wait in a backlog (kTxBacklog) and go out as the device
// returns buffers: a frame handed to transmit() is never dropped while the
// backlog has room. Back-pressure: tx_room() says how many more frames fit,
// and the network stack stops sending data before it runs out (tcp_stack.h);
// the callback runs when room comes back. Finished TX buffers are taken back
// lazily, at the next transmit: the device raises no TX interrupt
// (VIRTQ_AVAIL_F_NO_INTERRUPT) except while the backlog waits or room is
// low, when the stack needs the callback.
//
// Notifications: the device is told about new buffers (an MMIO write) only
// while it says it wants to be (VIRTQ_USED_F_NO_NOTIFY: QEMU clears it once
// it has drained the queue), and frames handed over between begin_tx_batch()
// and end_tx_batch() -- the net thread's round -- are announced together,
// at the end or every kTxBatchMax frames. Under QEMU's TCG an MMIO write
// waits for the main loop, which is busy with the frames we sent before:
// that wait (13-50 us per notification, measured in the net thread) was the
// largest cost of sending a frame.
//
// Concurrency: all shared state is guarded by the device lock (checked by
// clang's -Wthread-safety: kernel/lib/thread_safety.h) (rank kDevice:
// after the net lock, before the sched lock), which every public method and
// the IRQ handler take; callbacks and the stack's frame handler run without
// it (they may transmit, or wake threads).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/aarch64/lock.h"
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
  uint64_t tx_backlogged;  // waited in the backlog for a TX buffer
  uint64_t tx_busy;        // refused: ring and backlog full
  uint64_t irqs;
  uint64_t rx_notifies;    // RX refills the device was told about
  uint64_t tx_notifies;
};

class VirtioNet {
 public:
  // Ethernet frame without FCS, the largest the device sends us without offloads.
  static constexpr size_t kMaxFrame = 1514;

  // Finds and initialises the first virtio-net device (kNotFound if there is
  // none, kNotSupported if it refuses our features or queues). Probing again
  // returns the same device.
  static Result<VirtioNet*> probe();

  // Copies `frame` (a whole Ethernet frame) out, or into the backlog while
  // every TX buffer is with the device. kBusy only when the backlog is full
  // too; kInvalidArgument if it is not 14..kMaxFrame bytes.
  Result<void> transmit(const uint8_t* frame, size_t len);
  // Frames transmit() takes now without kBusy. Asking while it is low
  // (under kTxLowWater) makes the next TX completion call the callback.
  size_t tx_room();
  static constexpr size_t kTxLowWater = 64;
  // Frames transmitted until the matching end are announced to the device
  // with one notification (or one every kTxBatchMax frames). Nests.
  void begin_tx_batch();
  void end_tx_batch();
  static constexpr uint16_t kTxBatchMax = 32;
  // Copies the oldest received frame into `buf`, returning its length; 0 if
  // none is ready. A frame longer than `cap` is dropped (counted in rx_drops).
  size_t receive(uint8_t* buf, size_t cap);
  // Calls fn(ctx, frame, length) for up to `max` ready frames, in place, then
  // gives their buffers back to the device at once; returns how many.
  size_t receive_each(void (*fn)(void* ctx, const uint8_t* frame, size_t length), void* ctx,
                      size_t max);
  // Waits (WFI) until a frame is ready or the clock reaches `deadline_ms`
  // (arch::timer::now_ms); true if one is ready. Call with IRQs enabled.
  bool wait_for_frame(uint64_t deadline_ms);

  MacAddress mac() const { return mac_; }
  // `callback(arg)` runs in IRQ context each time new frames become ready,
  // and when TX room came back after tx_room() ran low.
  void set_rx_callback(void (*callback)(void*), void* arg);
  NetStats stats() const;

 private:
  explicit VirtioNet(Transport transport) : transport_(transport) {}
  Result<void> init();
  static void on_irq(uint32_t intid);
  void handle_irq();
  void collect_rx() AKUMA_REQUIRES(lock_);
  size_t reclaim_tx() AKUMA_REQUIRES(lock_);  // returns the buffers the device gave back
  void give_rx_buffer(uint16_t id) AKUMA_REQUIRES(lock_);
  void post_tx(const uint8_t* frame, size_t len) AKUMA_REQUIRES(lock_);
  void notify_if_wanted(Virtqueue& q, uint32_t index) AKUMA_REQUIRES(lock_);
  void announce_tx() AKUMA_REQUIRES(lock_);  // a frame was posted: notify now or at the batch's end
  void await_tx_completion() AKUMA_REQUIRES(lock_);  // the stack waits for TX room: interrupts on

  struct Ready {
    uint16_t id;
    uint32_t len;  // frame bytes, header excluded
  };
  static constexpr uint16_t kQueueSize = 256;  // QEMU's default queue size
  // Filled buffers we hold at most; the rest stay with the device.
  static constexpr uint16_t kReadyMax = kQueueSize;
  static constexpr uint16_t kTxBacklog = 64;

  mutable arch::IrqSpinLock lock_{"virtio-net", arch::LockRank::kDevice};
  Transport transport_;
  size_t header_len_ = 0;  // 12 bytes (VERSION_1) or 10 (legacy); set by init
  MacAddress mac_{};       // set by init
  Virtqueue rx_ AKUMA_GUARDED_BY(lock_);
  Virtqueue tx_ AKUMA_GUARDED_BY(lock_);
  Ready ready_[kReadyMax] AKUMA_GUARDED_BY(lock_);  // FIFO of filled RX buffers
  uint16_t ready_head_ AKUMA_GUARDED_BY(lock_) = 0;
  uint16_t ready_count_ AKUMA_GUARDED_BY(lock_) = 0;
  uint16_t tx_free_[kQueueSize] AKUMA_GUARDED_BY(lock_);  // TX buffer ids not with the device
  uint16_t tx_free_count_ AKUMA_GUARDED_BY(lock_) = 0;
  // Frames waiting for a TX buffer, FIFO.
  uint8_t* backlog_ AKUMA_PT_GUARDED_BY(lock_) = nullptr;  // kTxBacklog * kMaxFrame bytes
  uint16_t backlog_length_[kTxBacklog] AKUMA_GUARDED_BY(lock_) = {};
  uint16_t backlog_head_ AKUMA_GUARDED_BY(lock_) = 0;
  uint16_t backlog_count_ AKUMA_GUARDED_BY(lock_) = 0;
  bool tx_waiter_ AKUMA_GUARDED_BY(lock_) = false;  // tx_room() ran low: call back on TX completion (TX interrupts on)
  uint32_t tx_batch_depth_ AKUMA_GUARDED_BY(lock_) = 0;
  uint16_t tx_unannounced_ AKUMA_GUARDED_BY(lock_) = 0;  // frames posted in the batch since the last notification
  void (*rx_callback_)(void*) AKUMA_GUARDED_BY(lock_) = nullptr;
  void* rx_callback_arg_ AKUMA_GUARDED_BY(lock_) = nullptr;
  NetStats stats_ AKUMA_GUARDED_BY(lock_){};
};

}  // namespace akuma::virtio
