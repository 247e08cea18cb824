// The link below an Interface: a NIC driver (virtio-net) in the kernel, a
// queue in tests. Frames go down through transmit(); the driver pushes
// received frames up with Interface::receive().
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

class NetDevice {
 public:
  // Sends one Ethernet frame (header included, no FCS). The frame buffer is
  // only borrowed: copy it if it must outlive the call.
  virtual Result<void> transmit(ByteSpan frame) = 0;
  virtual MacAddress mac() const = 0;
  // Frames transmit() would take now without refusing one (back-pressure
  // for TCP, tcp_stack.h). A device that never refuses says so.
  virtual size_t tx_room() { return ~size_t{0}; }

 protected:
  ~NetDevice() = default;  // never deleted through this interface
};

}  // namespace akuma::net
