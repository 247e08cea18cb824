#include "kernel/drivers/virtio/net.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/gic.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/mm/memory.h"

namespace akuma::virtio {
namespace {

constexpr uint32_t kRxQueue = 0;
constexpr uint32_t kTxQueue = 1;
// Header (at most 12 bytes) plus a full frame, rounded so two share a page.
constexpr size_t kBufferSize = 2048;
// virtio_net_hdr: 10 bytes; VERSION_1 always adds num_buffers (section 5.1.6).
constexpr size_t kLegacyHeaderLen = 10;
constexpr size_t kHeaderLen = 12;
constexpr size_t kMinFrame = 14;  // an Ethernet header
constexpr uint32_t kSlotCount = 32;
constexpr uint32_t kFirstIrq = 48;
constexpr size_t kBacklogPages = (64 * VirtioNet::kMaxFrame + 4095) / 4096;

// The probed device per virtio-mmio slot, for the IRQ handler and for
// repeated probes. Written once, before the slot's IRQ is enabled.
VirtioNet* devices[kSlotCount];

}  // namespace

Result<VirtioNet*> VirtioNet::probe() {
  Transport transport = TRY(Transport::find(kDeviceNet));
  if (devices[transport.slot()]) return devices[transport.slot()];
  auto* net = new (fallible) VirtioNet(transport);
  if (!net) return Error::kNoMemory;
  Result<void> r = net->init();
  if (!r.ok()) {
    net->transport_.fail();
    delete net;  // frees the rings: the device never reached DRIVER_OK
    return r.error();
  }
  devices[transport.slot()] = net;
  arch::gic::enable(transport.irq(), on_irq);
  return net;
}

Result<void> VirtioNet::init() {
  // Nobody else knows the device yet (its IRQ is enabled after): the lock
  // only satisfies the checks.
  arch::IrqLockGuard guard(lock_);
  transport_.begin_init();
  uint64_t features = TRY(transport_.negotiate(kFeatureNetMac, 0));
  header_len_ = transport_.legacy() ? kLegacyHeaderLen : kHeaderLen;
  TRY(rx_.init(transport_, kRxQueue, kQueueSize, kBufferSize));
  TRY(tx_.init(transport_, kTxQueue, kQueueSize, kBufferSize));
  if (features & kFeatureNetMac) {
    transport_.read_config(0, mac_.bytes, sizeof mac_.bytes);
  } else {
    // Without a MAC from the device any unique address will do; this one is
    // locally administered (bit 1 of the first byte).
    mac_ = MacAddress{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};
  }
  backlog_ = reinterpret_cast<uint8_t*>(TRY(alloc_pages(kBacklogPages)));
  // The device may use the queues from DRIVER_OK on, so fill RX first.
  for (uint16_t id = 0; id < rx_.size(); ++id) rx_.post(id, kBufferSize, true);
  for (uint16_t id = 0; id < tx_.size(); ++id) tx_free_[tx_free_count_++] = id;
  tx_.set_interrupts(false);  // finished frames are taken back lazily (reclaim_tx)
  TRY(transport_.finish_init());
  transport_.notify(kRxQueue);
  return {};
}

void VirtioNet::on_irq(uint32_t intid) {
  uint32_t slot = intid - kFirstIrq;
  if (slot < kSlotCount && devices[slot]) devices[slot]->handle_irq();
}

void VirtioNet::handle_irq() {
  void (*callback)(void*) = nullptr;
  void* arg = nullptr;
  {
    arch::IrqLockGuard guard(lock_);
    // Acknowledge first: a buffer used after this raises the line again
    // rather than being lost between our ring scan and the acknowledgement.
    transport_.ack_interrupt();
    ++stats_.irqs;
    bool tx_back = reclaim_tx() > 0 && tx_waiter_;
    if (tx_back) {
      tx_waiter_ = false;
      tx_.set_interrupts(false);
    }
    uint16_t before = ready_count_;
    collect_rx();
    if (ready_count_ > before || tx_back) callback = rx_callback_, arg = rx_callback_arg_;
  }
  if (callback) callback(arg);  // wakes the net thread: outside the device lock
}

void VirtioNet::notify_if_wanted(Virtqueue& q, uint32_t index) {
  if (!q.device_wants_notify()) return;
  transport_.notify(index);
  ++(index == kRxQueue ? stats_.rx_notifies : stats_.tx_notifies);
}

void VirtioNet::collect_rx() {
  uint16_t id;
  uint32_t written;
  // Holding every buffer is fine: without RX buffers QEMU keeps frames
  // queued rather than dropping them.
  uint16_t limit = rx_.size() < kReadyMax ? rx_.size() : kReadyMax;
  bool reposted = false;
  while (rx_.pop_used(&id, &written)) {
    bool malformed = written < header_len_ + kMinFrame || written > header_len_ + kMaxFrame;
    if (malformed || ready_count_ >= limit) {
      ++stats_.rx_drops;
      rx_.post(id, kBufferSize, true);
      reposted = true;
      continue;
    }
    ready_[(ready_head_ + ready_count_) % kReadyMax] = Ready{id, static_cast<uint32_t>(written - header_len_)};
    ++ready_count_;
  }
  if (reposted) notify_if_wanted(rx_, kRxQueue);
}

// Takes back the buffers the device has sent, and moves backlogged frames
// into them (oldest first).
size_t VirtioNet::reclaim_tx() {
  uint16_t id;
  uint32_t written;
  size_t n = 0;
  while (tx_.pop_used(&id, &written)) {
    tx_free_[tx_free_count_++] = id;
    ++n;
  }
  bool posted = false;
  while (backlog_count_ > 0 && tx_free_count_ > 0) {
    post_tx(backlog_ + size_t(backlog_head_) * kMaxFrame, backlog_length_[backlog_head_]);
    backlog_head_ = uint16_t((backlog_head_ + 1) % kTxBacklog);
    --backlog_count_;
    posted = true;
  }
  if (posted) announce_tx();
  return n;
}

void VirtioNet::announce_tx() {
  if (tx_batch_depth_ > 0 && ++tx_unannounced_ < kTxBatchMax) return;
  tx_unannounced_ = 0;
  notify_if_wanted(tx_, kTxQueue);
}

void VirtioNet::begin_tx_batch() {
  arch::IrqLockGuard guard(lock_);
  ++tx_batch_depth_;
}

void VirtioNet::end_tx_batch() {
  arch::IrqLockGuard guard(lock_);
  if (--tx_batch_depth_ > 0 || tx_unannounced_ == 0) return;
  tx_unannounced_ = 0;
  notify_if_wanted(tx_, kTxQueue);
}

void VirtioNet::await_tx_completion() {
  if (tx_waiter_) return;
  tx_waiter_ = true;
  tx_.set_interrupts(true);
  reclaim_tx();  // frames finished before the device saw the flag raised no interrupt
}

void VirtioNet::give_rx_buffer(uint16_t id) {
  rx_.post(id, kBufferSize, true);
  notify_if_wanted(rx_, kRxQueue);
}

void VirtioNet::post_tx(const uint8_t* frame, size_t len) {
  uint16_t id = tx_free_[--tx_free_count_];
  uint8_t* buf = tx_.buffer(id);
  // An all-zero header: no checksum offload, no segmentation.
  __builtin_memset(buf, 0, header_len_);
  __builtin_memcpy(buf + header_len_, frame, len);
  tx_.post(id, static_cast<uint32_t>(header_len_ + len), false);
  ++stats_.tx_frames;
  stats_.tx_bytes += len;
}

Result<void> VirtioNet::transmit(const uint8_t* frame, size_t len) {
  if (len < kMinFrame || len > kMaxFrame) return Error::kInvalidArgument;
  arch::IrqLockGuard guard(lock_);
  reclaim_tx();
  if (tx_free_count_ > 0 && backlog_count_ == 0) {
    post_tx(frame, len);
    announce_tx();
    return {};
  }
  if (backlog_count_ == kTxBacklog) {
    ++stats_.tx_busy;
    await_tx_completion();
    return Error::kBusy;
  }
  uint16_t slot = uint16_t((backlog_head_ + backlog_count_) % kTxBacklog);
  __builtin_memcpy(backlog_ + size_t(slot) * kMaxFrame, frame, len);
  backlog_length_[slot] = static_cast<uint16_t>(len);
  ++backlog_count_;
  ++stats_.tx_backlogged;
  await_tx_completion();  // the completion that drains it should wake the stack
  return {};
}

size_t VirtioNet::tx_room() {
  arch::IrqLockGuard guard(lock_);
  reclaim_tx();
  if (tx_free_count_ + size_t(kTxBacklog - backlog_count_) < kTxLowWater) await_tx_completion();
  return tx_free_count_ + size_t(kTxBacklog - backlog_count_);
}

size_t VirtioNet::receive_each(void (*fn)(void*, const uint8_t*, size_t), void* ctx, size_t max) {
  // Take a batch of ready buffers under the lock, hand them to the stack
  // without it (it may transmit), then give them all back at once.
  constexpr size_t kBatch = 32;
  Ready batch[kBatch];
  const uint8_t* frames[kBatch];
  size_t n = 0;
  while (n < max) {
    size_t got = 0;
    {
      arch::IrqLockGuard guard(lock_);
      if (ready_count_ == 0) collect_rx();  // buffers filled since the interrupt
      while (got < kBatch && n + got < max && ready_count_ > 0) {
        batch[got] = ready_[ready_head_];
        frames[got] = rx_.buffer(batch[got].id) + header_len_;
        ++got;
        ready_head_ = (ready_head_ + 1) % kReadyMax;
        --ready_count_;
      }
    }
    if (got == 0) break;
    // The buffers are ours until posted again: the device does not touch them.
    for (size_t i = 0; i < got; ++i) fn(ctx, frames[i], batch[i].len);
    arch::IrqLockGuard guard(lock_);
    for (size_t i = 0; i < got; ++i) {
      rx_.post(batch[i].id, kBufferSize, true);
      ++stats_.rx_frames;
      stats_.rx_bytes += batch[i].len;
    }
    notify_if_wanted(rx_, kRxQueue);
    n += got;
  }
  return n;
}

size_t VirtioNet::receive(uint8_t* buf, size_t cap) {
  arch::IrqLockGuard guard(lock_);
  while (ready_count_ > 0) {
    Ready r = ready_[ready_head_];
    ready_head_ = (ready_head_ + 1) % kReadyMax;
    --ready_count_;
    if (r.len > cap) {
      ++stats_.rx_drops;
      give_rx_buffer(r.id);
      continue;
    }
    __builtin_memcpy(buf, rx_.buffer(r.id) + header_len_, r.len);
    give_rx_buffer(r.id);
    ++stats_.rx_frames;
    stats_.rx_bytes += r.len;
    return r.len;
  }
  return 0;
}

bool VirtioNet::wait_for_frame(uint64_t deadline_ms) {
  for (;;) {
    // Check and sleep with IRQs masked: an interrupt arriving between the two
    // still ends the WFI (it is pending), and runs once IRQs are unmasked.
    arch::irq_disable();
    bool ready = __atomic_load_n(&ready_count_, __ATOMIC_ACQUIRE) > 0;
    bool expired = arch::timer::now_ms() >= deadline_ms;
    if (!ready && !expired) arch::wait_for_interrupt();
    arch::irq_enable();
    if (ready) return true;
    if (expired) return false;
  }
}

void VirtioNet::set_rx_callback(void (*callback)(void*), void* arg) {
  arch::IrqLockGuard guard(lock_);
  rx_callback_ = callback;
  rx_callback_arg_ = arg;
}

NetStats VirtioNet::stats() const {
  arch::IrqLockGuard guard(lock_);
  return stats_;
}

}  // namespace akuma::virtio
