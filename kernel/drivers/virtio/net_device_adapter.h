// The virtio-net driver seen by the network stack: net::NetDevice for frames
// going down, deliver() for frames coming up into a net::Interface.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/drivers/virtio/net.h"
#include "net/iface/interface.h"
#include "net/iface/net_device.h"

namespace akuma::virtio {

class VirtioNetDevice final : public net::NetDevice {
 public:
  explicit VirtioNetDevice(VirtioNet& nic) : nic_(nic) {}

  // kBusy only when the driver's ring and backlog are both full; TCP keeps
  // clear of that through tx_room().
  Result<void> transmit(net::ByteSpan frame) override;
  net::MacAddress mac() const override;
  size_t tx_room() override { return nic_.tx_room(); }

  // Hands up to `max` frames the driver has ready to `iface`, in place;
  // returns how many. The caller holds the net lock, as for every Interface
  // call.
  size_t deliver(net::Interface& iface, uint64_t now_ms, size_t max = ~size_t{0});

  VirtioNet& nic() { return nic_; }

 private:
  VirtioNet& nic_;
};

}  // namespace akuma::virtio
