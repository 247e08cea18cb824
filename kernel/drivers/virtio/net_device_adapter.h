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

  // kBusy when every TX buffer is in flight: the stack's retransmission
  // timers (or the caller) try again later.
  Result<void> transmit(net::ByteSpan frame) override;
  net::MacAddress mac() const override;

  // Hands every frame the driver has ready to `iface`; returns how many.
  // The caller holds the net lock, as for every Interface call.
  size_t deliver(net::Interface& iface, uint64_t now_ms);

  VirtioNet& nic() { return nic_; }

 private:
  VirtioNet& nic_;
  uint8_t frame_[VirtioNet::kMaxFrame];  // guarded by the net lock (deliver's caller)
};

}  // namespace akuma::virtio
