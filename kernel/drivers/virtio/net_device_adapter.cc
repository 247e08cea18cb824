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

namespace {

struct Delivery {
  net::Interface* iface;
  uint64_t now_ms;
};

void deliver_one(void* ctx, const uint8_t* frame, size_t length) {
  auto* d = static_cast<Delivery*>(ctx);
  d->iface->receive(frame, length, d->now_ms);
}

}  // namespace

size_t VirtioNetDevice::deliver(net::Interface& iface, uint64_t now_ms, size_t max) {
  Delivery d{&iface, now_ms};
  return nic_.receive_each(deliver_one, &d, max);
}

}  // namespace akuma::virtio
