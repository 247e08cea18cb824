// A split virtqueue (virtio 1.x section 2.7) whose every buffer is one
// descriptor: descriptor i always points at buffer i of the queue's own
// buffer area, so posting a buffer is "put i in the available ring".
// That is all virtio-net needs without mergeable buffers or offloads.
//
// Not synchronised: its owner (the device driver) masks IRQs around every
// call, since its IRQ handler uses the same queue.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"
#include "kernel/mm/memory.h"

namespace akuma::virtio {

class Transport;

// Guest-physical addresses of a queue's three rings (what the device is told).
struct QueueLayout {
  uint64_t desc;
  uint64_t avail;
  uint64_t used;
};

class Virtqueue {
 public:
  Virtqueue() = default;
  ~Virtqueue();
  Virtqueue(const Virtqueue&) = delete;
  Virtqueue& operator=(const Virtqueue&) = delete;

  // Allocates rings and `buffer_size`-byte buffers for queue `index` (its
  // size: the device's maximum, capped at `max_size`, a power of two) and
  // gives the rings to the device. Nothing is posted yet.
  Result<void> init(Transport& transport, uint32_t index, uint16_t max_size, size_t buffer_size);

  uint16_t size() const { return size_; }
  uint8_t* buffer(uint16_t id) const { return buffers_ + id * buffer_size_; }
  size_t buffer_size() const { return buffer_size_; }

  // Offers buffer `id` to the device: `len` bytes for it to read, or, if
  // `device_writes`, room for it to fill. The caller notifies the device.
  void post(uint16_t id, uint32_t len, bool device_writes);
  // The next buffer the device is done with, and how many bytes it wrote.
  bool pop_used(uint16_t* id, uint32_t* written);
  // Whether the device wants to be notified of new buffers: false while it
  // says it is processing the queue anyway (VIRTQ_USED_F_NO_NOTIFY, 2.7.10),
  // so a burst of posts costs one notification, not one each.
  bool device_wants_notify() const;
  // Asks the device for (or spares it) an interrupt when it has used
  // buffers (VIRTQ_AVAIL_F_NO_INTERRUPT, 2.7.7): a hint the device may
  // ignore. After turning them on, look at the used ring again: buffers
  // used before the device saw the flag raised no interrupt.
  void set_interrupts(bool on);

 private:
  struct Descriptor {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
  };
  struct UsedElem {
    uint32_t id;
    uint32_t len;
  };

  uint64_t ring_pages() const;

  uint16_t size_ = 0;
  size_t buffer_size_ = 0;
  uint64_t ring_base_ = 0;
  uint64_t buffer_pages_ = 0;
  volatile Descriptor* desc_ = nullptr;
  volatile uint16_t* avail_ = nullptr;     // flags, idx, ring[size], used_event
  volatile uint16_t* used_hdr_ = nullptr;  // flags, idx
  volatile UsedElem* used_ring_ = nullptr;
  uint8_t* buffers_ = nullptr;
  uint16_t next_avail_ = 0;  // our copy of avail.idx (only we write it)
  uint16_t last_used_ = 0;   // used.idx up to which we have consumed
};

}  // namespace akuma::virtio
