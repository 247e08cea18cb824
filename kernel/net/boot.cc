// The boot hook kernel_main calls: brings the network up before the program
// runs — loopback always, the NIC (with DHCP) when there is one. Silent.
#include "kernel/console/console.h"
#include "kernel/net/net.h"

namespace akuma {

void net_boot() {
  Result<void> r = knet::init();
  if (!r.ok()) {
    kprintf("net: not started: %s\n", error_name(r.error()));
    return;
  }
  if (!knet::has_nic()) return;
  knet::NetLock lock;
  const net::IpConfig& c = knet::iface().config();
  klog("net: address %u.%u.%u.%u%s\n", c.address.value >> 24, (c.address.value >> 16) & 0xff,
       (c.address.value >> 8) & 0xff, c.address.value & 0xff,
       knet::iface().dhcp().bound() ? " (dhcp)" : " (static)");
}

}  // namespace akuma
