// Bound UDP ports and their receive queues. Each bound port queues up to
// kQueueDepth datagrams; more are dropped and counted by the interface.
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

class UdpTable {
 public:
  static constexpr int kSlots = 16;
  static constexpr int kQueueDepth = 8;
  static constexpr size_t kMaxPayload = 1472;  // Ethernet MTU - IPv4 - UDP

  UdpTable() = default;
  ~UdpTable();
  UdpTable(const UdpTable&) = delete;
  UdpTable& operator=(const UdpTable&) = delete;

  // Returns a slot index. kExists if the port is bound, kNoMemory if full.
  Result<int> bind(uint16_t port);
  void unbind(int slot);
  bool bound(uint16_t port) const;

  // False when nobody is bound (kNoSocket) or the queue is full (kQueueFull);
  // `*full` tells which.
  bool deliver(uint16_t port, Endpoint from, ByteSpan payload, bool* full);
  // One datagram, truncated to `n` bytes (the rest is discarded, as POSIX
  // does); kWouldBlock when the queue is empty.
  Result<size_t> receive(int slot, uint8_t* out, size_t n, Endpoint* from);
  bool readable(int slot) const;
  uint16_t port(int slot) const;
  uint64_t wake_generation(int slot) const;

 private:
  struct Datagram {
    Endpoint from;
    uint16_t length = 0;
    uint8_t data[kMaxPayload];
  };
  struct Slot {
    uint16_t port = 0;  // 0 = free
    Datagram* queue = nullptr;  // kQueueDepth entries, allocated by bind()
    int head = 0;
    int count = 0;
    uint64_t wake_generation = 0;
  };
  Slot slots_[kSlots];  // guarded by the net lock
};

}  // namespace akuma::net
