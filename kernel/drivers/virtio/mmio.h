// virtio-mmio transport (virtio 1.x, section 4.2) for QEMU's virt board: 32
// device slots of 0x200 bytes from 0x0a000000, slot i on GIC INTID 48+i.
//
// Both register layouts are driven: modern (version 2) and legacy (version 1),
// because QEMU 7.2 presents legacy unless started with
// `-global virtio-mmio.force-legacy=false`. The difference is confined to
// feature negotiation and queue addressing (Transport::negotiate, set_queue).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::virtio {

constexpr uint32_t kDeviceNet = 1;

// Feature bits the kernel knows; it negotiates only what a driver asks for.
constexpr uint64_t kFeatureNetMac = 1ull << 5;
constexpr uint64_t kFeatureVersion1 = 1ull << 32;

struct QueueLayout;

class Transport {
 public:
  // The first slot holding a device of `device_id`, or kNotFound.
  static Result<Transport> find(uint32_t device_id);

  uint32_t slot() const { return slot_; }
  uint32_t irq() const { return 48 + slot_; }
  bool legacy() const { return version_ == 1; }

  // Reset, then ACKNOWLEDGE and DRIVER (spec 3.1.1 steps 1-3).
  void begin_init();
  // Accepts the offered subset of `wanted` (plus VERSION_1, which a modern
  // device must offer). kNotSupported if the device lacks a feature in
  // `required` or refuses FEATURES_OK; the device is then marked FAILED.
  Result<uint64_t> negotiate(uint64_t wanted, uint64_t required);
  // Largest size the device allows for queue `index`; 0 if the queue is absent.
  uint32_t queue_max(uint32_t index);
  // Hands a queue's rings (laid out for both layouts, see virtqueue.h) to the device.
  Result<void> set_queue(uint32_t index, uint32_t size, const QueueLayout& layout);
  // DRIVER_OK; kNotSupported if the device reports it needs a reset.
  Result<void> finish_init();
  void fail();

  void notify(uint32_t queue);
  // Reads and acknowledges the interrupt causes (bit 0: used buffers, bit 1: config).
  uint32_t ack_interrupt();
  // Device configuration bytes [offset, offset+n), read consistently.
  void read_config(size_t offset, uint8_t* out, size_t n);

 private:
  Transport(uintptr_t base, uint32_t slot, uint32_t version)
      : base_(base), slot_(slot), version_(version) {}
  uint32_t read(uintptr_t reg) const;
  void write(uintptr_t reg, uint32_t v);

  uintptr_t base_;
  uint32_t slot_;
  uint32_t version_;
};

}  // namespace akuma::virtio
