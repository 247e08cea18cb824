#include "net/iface/udp_table.h"

namespace akuma::net {

UdpTable::~UdpTable() {
  for (Slot& s : slots_) delete[] s.queue;
}

Result<int> UdpTable::bind(uint16_t port) {
  if (port == 0) return Error::kInvalidArgument;
  if (bound(port)) return Error::kExists;
  for (int i = 0; i < kSlots; ++i) {
    Slot& s = slots_[i];
    if (s.port != 0) continue;
    if (s.queue == nullptr) s.queue = new Datagram[kQueueDepth];
    if (s.queue == nullptr) return Error::kNoMemory;
    s.port = port;
    s.head = s.count = 0;
    return i;
  }
  return Error::kNoMemory;
}

void UdpTable::unbind(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  slots_[slot].port = 0;  // the queue memory is kept for the next bind
  slots_[slot].count = 0;
  ++slots_[slot].wake_generation;
}

bool UdpTable::bound(uint16_t port) const {
  for (const Slot& s : slots_) {
    if (s.port == port) return true;
  }
  return false;
}

bool UdpTable::deliver(uint16_t port, Endpoint from, ByteSpan payload, bool* full) {
  *full = false;
  for (Slot& s : slots_) {
    if (s.port != port || port == 0) continue;
    if (s.count == kQueueDepth || payload.size > kMaxPayload) {
      *full = true;
      return false;
    }
    Datagram& d = s.queue[(s.head + s.count) % kQueueDepth];
    d.from = from;
    d.length = uint16_t(payload.size);
    bytes_copy(d.data, payload.data, payload.size);
    ++s.count;
    ++s.wake_generation;
    return true;
  }
  return false;
}

Result<size_t> UdpTable::receive(int slot, uint8_t* out, size_t n, Endpoint* from) {
  if (slot < 0 || slot >= kSlots || slots_[slot].port == 0) return Error::kBadDescriptor;
  Slot& s = slots_[slot];
  if (s.count == 0) return Error::kWouldBlock;
  Datagram& d = s.queue[s.head];
  size_t taken = d.length < n ? d.length : n;
  bytes_copy(out, d.data, taken);
  if (from != nullptr) *from = d.from;
  s.head = (s.head + 1) % kQueueDepth;
  --s.count;
  return taken;
}

bool UdpTable::readable(int slot) const {
  return slot >= 0 && slot < kSlots && slots_[slot].count > 0;
}

uint16_t UdpTable::port(int slot) const {
  return slot >= 0 && slot < kSlots ? slots_[slot].port : 0;
}

uint64_t UdpTable::wake_generation(int slot) const {
  return slot >= 0 && slot < kSlots ? slots_[slot].wake_generation : 0;
}

}  // namespace akuma::net
