#include "kernel/drivers/virtio/virtqueue.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/drivers/virtio/mmio.h"

namespace akuma::virtio {
namespace {

constexpr uint16_t kDescWrite = 2;

constexpr uint64_t pages_for(uint64_t bytes) { return (bytes + kPageSize - 1) / kPageSize; }

// Ring sizes in bytes (section 2.7): descriptors, then the available ring
// (flags, idx, ring, used_event), then, one page further on, the used ring
// (flags, idx, ring, avail_event). The page boundary is what the legacy
// layout demands (QueueAlign = page size); the modern one accepts it too.
constexpr uint64_t desc_bytes(uint16_t n) { return 16ull * n; }
constexpr uint64_t avail_bytes(uint16_t n) { return 6 + 2ull * n; }
constexpr uint64_t used_bytes(uint16_t n) { return 6 + 8ull * n; }
constexpr uint64_t used_offset(uint16_t n) { return pages_for(desc_bytes(n) + avail_bytes(n)) * kPageSize; }

}  // namespace

uint64_t Virtqueue::ring_pages() const { return pages_for(used_offset(size_) + used_bytes(size_)); }

Virtqueue::~Virtqueue() {
  if (ring_base_) free_pages(ring_base_, ring_pages());
  if (buffers_) free_pages(reinterpret_cast<uint64_t>(buffers_), buffer_pages_);
}

Result<void> Virtqueue::init(Transport& transport, uint32_t index, uint16_t max_size,
                             size_t buffer_size) {
  uint32_t device_max = transport.queue_max(index);
  if (device_max == 0) return Error::kNotFound;
  uint32_t n = device_max < max_size ? device_max : max_size;
  if ((n & (n - 1)) != 0) return Error::kNotSupported;  // split queues are powers of two
  size_ = static_cast<uint16_t>(n);
  buffer_size_ = buffer_size;

  ring_base_ = TRY(alloc_zeroed_pages(ring_pages()));
  buffer_pages_ = pages_for(uint64_t{size_} * buffer_size_);
  buffers_ = reinterpret_cast<uint8_t*>(TRY(alloc_zeroed_pages(buffer_pages_)));

  // The kernel sees the rings through its linear map; the device gets their
  // physical addresses.
  uint64_t desc = ring_base_, avail = ring_base_ + desc_bytes(size_), used = ring_base_ + used_offset(size_);
  desc_ = reinterpret_cast<volatile Descriptor*>(desc);
  avail_ = reinterpret_cast<volatile uint16_t*>(avail);
  used_hdr_ = reinterpret_cast<volatile uint16_t*>(used);
  used_ring_ = reinterpret_cast<volatile UsedElem*>(used + 4);
  for (uint16_t i = 0; i < size_; ++i) {
    desc_[i].addr = virt_to_phys(reinterpret_cast<uint64_t>(buffer(i)));
  }
  return transport.set_queue(index, size_, QueueLayout{virt_to_phys(desc), virt_to_phys(avail), virt_to_phys(used)});
}

void Virtqueue::post(uint16_t id, uint32_t len, bool device_writes) {
  desc_[id].len = len;
  desc_[id].flags = device_writes ? kDescWrite : 0;
  avail_[2 + next_avail_ % size_] = id;
  // The device may read the entry as soon as it sees the new index.
  arch::dsb_sy();
  avail_[1] = ++next_avail_;
}

bool Virtqueue::device_wants_notify() const {
  // Our avail.idx store must be visible before we read the device's flag.
  arch::dsb_sy();
  return (used_hdr_[0] & 1) == 0;
}

void Virtqueue::set_interrupts(bool on) {
  avail_[0] = on ? 0 : 1;
  // Before the caller looks at the used ring again.
  arch::dsb_sy();
}

bool Virtqueue::pop_used(uint16_t* id, uint32_t* written) {
  while (used_hdr_[1] != last_used_) {
    // Read the element only after seeing the index that publishes it.
    arch::dsb_sy();
    volatile UsedElem& e = used_ring_[last_used_ % size_];
    uint32_t used_id = e.id;
    *written = e.len;
    ++last_used_;
    // An id we never posted would index past the buffers: skip it.
    if (used_id >= size_) continue;
    *id = static_cast<uint16_t>(used_id);
    return true;
  }
  return false;
}

}  // namespace akuma::virtio
