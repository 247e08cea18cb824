#include "kernel/drivers/virtio/net_device_adapter.h"

namespace akuma::virtio {

Result<void> VirtioNetDevice::transmit(net::ByteSpan frame) {
  return nic_.transmit(frame.data, frame.size);
}

net::MacAddress VirtioNetDevice::mac() const {
  MacAddress m = nic_.mac();
  net::MacAddress out;
  for (size_t i = 0; i < sizeof out.bytes; ++i) out.bytes[i] = m.bytes[i];
  return out;
}

size_t VirtioNetDevice::deliver(net::Interface& iface, uint64_t now_ms) {
  size_t frames = 0;
  while (size_t n = nic_.receive(frame_, sizeof frame_)) {
    iface.receive(frame_, n, now_ms);
    ++frames;
  }
  return frames;
}

}  // namespace akuma::virtio
