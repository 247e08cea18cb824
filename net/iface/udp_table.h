// Bound UDP sockets and their receive queues.
//
// A slot has a local endpoint (address any or one of this host's, port not
// 0) and, once connected, a peer: a connected slot takes datagrams from its
// peer only. Bound endpoints never overlap (the same port with the same
// address, or any on either side): bind() says kExists. A datagram goes to
// the slot whose address matches its destination, a specific address before
// any.
//
// Each slot's queue holds kQueueBytes of datagrams (8 bytes of bookkeeping
// each), so many small datagrams or a few large ones; a datagram that does
// not fit is dropped and counted on the slot (and by the interface).
// Datagram boundaries are kept: receive() returns one datagram.
//
// Locking: the net lock, like everything in the Interface.
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/byte_ring.h"
#include "net/wire/bytes.h"

namespace akuma::net {

class UdpTable {
 public:
  static constexpr int kSlots = 64;
  static constexpr size_t kQueueBytes = 16384;
  static constexpr size_t kMaxPayload = 1472;  // Ethernet MTU - IPv4 - UDP: no fragments

  UdpTable() = default;
  ~UdpTable();
  UdpTable(const UdpTable&) = delete;
  UdpTable& operator=(const UdpTable&) = delete;

  // Returns a slot index. kInvalidArgument for port 0, kExists when an
  // overlapping endpoint is bound, kNoMemory when every slot is taken.
  Result<int> bind(Endpoint local);
  void unbind(int slot);
  // Sets the peer; a slot bound to any narrows to `local_addr` (the source
  // address its datagrams carry), as Linux does on connect().
  void connect(int slot, Ipv4Address local_addr, Endpoint peer);
  bool port_in_use(uint16_t port) const;

  // Queues a datagram; returns the slot that took it. kNotFound: no slot
  // matches; kBusy: its queue is full (dropped and counted on the slot).
  Result<int> deliver(Endpoint to, Endpoint from, ByteSpan payload);
  // One datagram, truncated to `n` bytes (the rest is discarded, as POSIX
  // does); kWouldBlock when the queue is empty.
  Result<size_t> receive(int slot, uint8_t* out, size_t n, Endpoint* from);
  bool readable(int slot) const;
  Endpoint local(int slot) const;
  uint64_t wake_generation(int slot) const;
  uint64_t dropped(int slot) const;  // datagrams lost to a full queue since bind

 private:
  static constexpr size_t kRecordHeader = 8;  // source address, port, length
  using Queue = ByteRing<kQueueBytes>;

  struct Slot {
    Endpoint local;         // port 0 = free
    Endpoint peer;          // port 0 = not connected
    Queue* queue = nullptr;  // allocated by the first bind, kept for the next
    uint64_t wake_generation = 0;
    uint64_t dropped = 0;
  };
  Slot* at(int slot);
  const Slot* at(int slot) const;

  Slot slots_[kSlots];  // guarded by the net lock
};

}  // namespace akuma::net
