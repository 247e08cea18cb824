#include "net/iface/udp_table.h"

namespace akuma::net {

namespace {

bool overlaps(Ipv4Address a, Ipv4Address b) { return a.is_any() || b.is_any() || a == b; }

}  // namespace

UdpTable::~UdpTable() {
  for (Slot& s : slots_) delete s.queue;
}

UdpTable::Slot* UdpTable::at(int slot) {
  return slot >= 0 && slot < kSlots && slots_[slot].local.port != 0 ? &slots_[slot] : nullptr;
}

const UdpTable::Slot* UdpTable::at(int slot) const { return const_cast<UdpTable*>(this)->at(slot); }

Result<int> UdpTable::bind(Endpoint local) {
  if (local.port == 0) return Error::kInvalidArgument;
  for (const Slot& s : slots_) {
    if (s.local.port == local.port && overlaps(s.local.addr, local.addr)) return Error::kExists;
  }
  for (int i = 0; i < kSlots; ++i) {
    Slot& s = slots_[i];
    if (s.local.port != 0) continue;
    if (s.queue == nullptr) s.queue = new Queue;
    if (s.queue == nullptr) return Error::kNoMemory;
    s.queue->clear();
    s.local = local;
    s.peer = Endpoint{};
    s.dropped = 0;
    ++s.wake_generation;
    return i;
  }
  return Error::kNoMemory;
}

void UdpTable::unbind(int slot) {
  Slot* s = at(slot);
  if (s == nullptr) return;
  s->local = Endpoint{};  // the queue memory is kept for the next bind
  s->peer = Endpoint{};
  s->queue->clear();
  ++s->wake_generation;
}

void UdpTable::connect(int slot, Ipv4Address local_addr, Endpoint peer) {
  Slot* s = at(slot);
  if (s == nullptr) return;
  if (s->local.addr.is_any()) s->local.addr = local_addr;
  s->peer = peer;
}

bool UdpTable::port_in_use(uint16_t port) const {
  for (const Slot& s : slots_) {
    if (s.local.port == port) return true;
  }
  return false;
}

Result<int> UdpTable::deliver(Endpoint to, Endpoint from, ByteSpan payload) {
  if (to.port == 0) return Error::kNotFound;
  int best = -1;
  for (int i = 0; i < kSlots; ++i) {
    const Slot& s = slots_[i];
    if (s.local.port != to.port) continue;
    if (!s.local.addr.is_any() && s.local.addr != to.addr) continue;
    if (s.peer.port != 0 && s.peer != from) continue;
    if (best < 0 || !s.local.addr.is_any()) best = i;
  }
  if (best < 0) return Error::kNotFound;
  Slot& s = slots_[best];
  if (payload.size > kMaxPayload || s.queue->free() < kRecordHeader + payload.size) {
    ++s.dropped;
    return Error::kBusy;
  }
  uint8_t header[kRecordHeader];
  store_be32(header, from.addr.value);
  store_be16(header + 4, from.port);
  store_be16(header + 6, uint16_t(payload.size));
  s.queue->push(header, sizeof header);
  s.queue->push(payload.data, payload.size);
  ++s.wake_generation;
  return best;
}

Result<size_t> UdpTable::receive(int slot, uint8_t* out, size_t n, Endpoint* from) {
  Slot* s = at(slot);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->queue->empty()) return Error::kWouldBlock;
  uint8_t header[kRecordHeader];
  s->queue->pop(header, sizeof header);
  size_t length = load_be16(header + 6);
  size_t taken = length < n ? length : n;
  s->queue->pop(out, taken);
  s->queue->pop(nullptr, length - taken);
  if (from != nullptr) *from = Endpoint{Ipv4Address{load_be32(header)}, load_be16(header + 4)};
  ++s->wake_generation;
  return taken;
}

bool UdpTable::readable(int slot) const {
  const Slot* s = at(slot);
  return s != nullptr && !s->queue->empty();
}

Endpoint UdpTable::local(int slot) const {
  const Slot* s = at(slot);
  return s != nullptr ? s->local : Endpoint{};
}

uint64_t UdpTable::wake_generation(int slot) const {
  return slot >= 0 && slot < kSlots ? slots_[slot].wake_generation : 0;
}

uint64_t UdpTable::dropped(int slot) const {
  const Slot* s = at(slot);
  return s != nullptr ? s->dropped : 0;
}

}  // namespace akuma::net
