#include "kernel/drivers/virtio/mmio.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/mmio.h"
#include "kernel/drivers/virtio/virtqueue.h"

namespace akuma::virtio {
namespace {

constexpr uintptr_t kSlotsBase = 0x0a000000;
constexpr uintptr_t kSlotStride = 0x200;
constexpr uint32_t kSlotCount = 32;
constexpr uint32_t kMagic = 0x74726976;  // "virt"

// Register offsets (virtio 1.x section 4.2.2; legacy-only ones from 4.2.4).
constexpr uintptr_t kMagicValue = 0x000;
constexpr uintptr_t kVersion = 0x004;
constexpr uintptr_t kDeviceId = 0x008;
constexpr uintptr_t kDeviceFeatures = 0x010;
constexpr uintptr_t kDeviceFeaturesSel = 0x014;
constexpr uintptr_t kDriverFeatures = 0x020;
constexpr uintptr_t kDriverFeaturesSel = 0x024;
constexpr uintptr_t kLegacyGuestPageSize = 0x028;
constexpr uintptr_t kQueueSel = 0x030;
constexpr uintptr_t kQueueNumMax = 0x034;
constexpr uintptr_t kQueueNum = 0x038;
constexpr uintptr_t kLegacyQueueAlign = 0x03c;
constexpr uintptr_t kLegacyQueuePfn = 0x040;
constexpr uintptr_t kQueueReady = 0x044;
constexpr uintptr_t kQueueNotify = 0x050;
constexpr uintptr_t kInterruptStatus = 0x060;
constexpr uintptr_t kInterruptAck = 0x064;
constexpr uintptr_t kStatus = 0x070;
constexpr uintptr_t kQueueDescLow = 0x080;
constexpr uintptr_t kQueueDescHigh = 0x084;
constexpr uintptr_t kQueueDriverLow = 0x090;
constexpr uintptr_t kQueueDriverHigh = 0x094;
constexpr uintptr_t kQueueDeviceLow = 0x0a0;
constexpr uintptr_t kQueueDeviceHigh = 0x0a4;
constexpr uintptr_t kConfigGeneration = 0x0fc;
constexpr uintptr_t kConfig = 0x100;

// Device status bits (section 2.1).
constexpr uint32_t kStatusAcknowledge = 1;
constexpr uint32_t kStatusDriver = 2;
constexpr uint32_t kStatusDriverOk = 4;
constexpr uint32_t kStatusFeaturesOk = 8;
constexpr uint32_t kStatusNeedsReset = 64;
constexpr uint32_t kStatusFailed = 128;

}  // namespace

Result<Transport> Transport::find(uint32_t device_id) {
  for (uint32_t slot = 0; slot < kSlotCount; ++slot) {
    Transport t(kSlotsBase + slot * kSlotStride, slot, 0);
    if (t.read(kMagicValue) != kMagic) continue;
    // Empty slots read device ID 0.
    if (t.read(kDeviceId) != device_id) continue;
    t.version_ = t.read(kVersion);
    if (t.version_ != 1 && t.version_ != 2) return Error::kNotSupported;
    return t;
  }
  return Error::kNotFound;
}

uint32_t Transport::read(uintptr_t reg) const { return arch::mmio_read32(base_ + reg); }
void Transport::write(uintptr_t reg, uint32_t v) { arch::mmio_write32(base_ + reg, v); }

void Transport::begin_init() {
  write(kStatus, 0);
  write(kStatus, kStatusAcknowledge);
  write(kStatus, kStatusAcknowledge | kStatusDriver);
}

Result<uint64_t> Transport::negotiate(uint64_t wanted, uint64_t required) {
  // A legacy device has one 32-bit feature word and no VERSION_1.
  uint32_t words = legacy() ? 1 : 2;
  if (!legacy()) required |= kFeatureVersion1;
  uint64_t offered = 0;
  for (uint32_t w = 0; w < words; ++w) {
    write(kDeviceFeaturesSel, w);
    offered |= uint64_t{read(kDeviceFeatures)} << (32 * w);
  }
  if ((offered & required) != required) {
    fail();
    return Error::kNotSupported;
  }
  uint64_t accepted = offered & (wanted | required);
  for (uint32_t w = 0; w < words; ++w) {
    write(kDriverFeaturesSel, w);
    write(kDriverFeatures, static_cast<uint32_t>(accepted >> (32 * w)));
  }
  if (legacy()) {
    // Legacy has no FEATURES_OK step; it needs the page size for QueuePFN instead.
    write(kLegacyGuestPageSize, kPageSize);
    return accepted;
  }
  write(kStatus, read(kStatus) | kStatusFeaturesOk);
  if (!(read(kStatus) & kStatusFeaturesOk)) {
    fail();
    return Error::kNotSupported;
  }
  return accepted;
}

uint32_t Transport::queue_max(uint32_t index) {
  write(kQueueSel, index);
  return read(kQueueNumMax);
}

Result<void> Transport::set_queue(uint32_t index, uint32_t size, const QueueLayout& layout) {
  write(kQueueSel, index);
  if (legacy() ? read(kLegacyQueuePfn) != 0 : read(kQueueReady) != 0) return Error::kBusy;
  write(kQueueNum, size);
  if (legacy()) {
    // One contiguous area, used ring at the next page (virtqueue.cc lays it out so).
    write(kLegacyQueueAlign, kPageSize);
    write(kLegacyQueuePfn, static_cast<uint32_t>(layout.desc / kPageSize));
    return {};
  }
  write(kQueueDescLow, static_cast<uint32_t>(layout.desc));
  write(kQueueDescHigh, static_cast<uint32_t>(layout.desc >> 32));
  write(kQueueDriverLow, static_cast<uint32_t>(layout.avail));
  write(kQueueDriverHigh, static_cast<uint32_t>(layout.avail >> 32));
  write(kQueueDeviceLow, static_cast<uint32_t>(layout.used));
  write(kQueueDeviceHigh, static_cast<uint32_t>(layout.used >> 32));
  write(kQueueReady, 1);
  return {};
}

Result<void> Transport::finish_init() {
  write(kStatus, read(kStatus) | kStatusDriverOk);
  if (read(kStatus) & (kStatusNeedsReset | kStatusFailed)) {
    fail();
    return Error::kNotSupported;
  }
  return {};
}

void Transport::fail() { write(kStatus, read(kStatus) | kStatusFailed); }

void Transport::notify(uint32_t queue) {
  // Ring updates must be visible to the device before it is told to look.
  arch::dsb_sy();
  write(kQueueNotify, queue);
}

uint32_t Transport::ack_interrupt() {
  uint32_t causes = read(kInterruptStatus);
  write(kInterruptAck, causes);
  return causes;
}

void Transport::read_config(size_t offset, uint8_t* out, size_t n) {
  // The generation changes if the device updates the config mid-read (always 0 on legacy).
  uint32_t before, after;
  do {
    before = read(kConfigGeneration);
    for (size_t i = 0; i < n; ++i) {
      out[i] = arch::mmio_read8(base_ + kConfig + offset + i);
    }
    after = read(kConfigGeneration);
  } while (before != after);
}

}  // namespace akuma::virtio
