// The boot hook kernel_main calls when the image links //kernel/net:boot:
// brings the network up before the program runs. Without a NIC it does
// nothing and prints nothing.
#include "kernel/console/console.h"
#include "kernel/net/net.h"

namespace akuma {

void net_boot() {
  Result<void> r = knet::init();
  if (!r.ok()) {
    if (r.error() != Error::kNotFound) kprintf("net: not started: %s\n", error_name(r.error()));
    return;
  }
  knet::NetLock lock;
  const net::IpConfig& c = knet::iface().config();
  klog("net: address %u.%u.%u.%u%s\n", c.address.value >> 24, (c.address.value >> 16) & 0xff,
       (c.address.value >> 8) & 0xff, c.address.value & 0xff,
       knet::iface().dhcp().bound() ? " (dhcp)" : " (static)");
}

}  // namespace akuma
