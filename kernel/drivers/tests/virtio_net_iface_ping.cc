// The network stack on the real NIC: a net::Interface over the virtio-net
// adapter gets its address by DHCP from QEMU's user network, then pings the
// gateway. The loop sleeps (WFI) until a frame arrives or the interface's
// next timer is due.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/drivers/virtio/net_device_adapter.h"

namespace akuma {
namespace {

using net::Ipv4Address;

constexpr uint64_t kTimeoutMs = 5000;
constexpr uint16_t kPingId = 0x4b41;
constexpr uint8_t kPingData[] = {'a', 'k', 'u', 'm', 'a'};

void print_ip(const char* prefix, Ipv4Address a) {
  kprintf("%s%u.%u.%u.%u\n", prefix, a.value >> 24, (a.value >> 16) & 0xff, (a.value >> 8) & 0xff,
          a.value & 0xff);
}

// Runs the interface until `done()` or the deadline; true if done.
template <typename Done>
bool run_until(virtio::VirtioNetDevice& dev, net::Interface& iface, Done done) {
  uint64_t deadline = arch::timer::now_ms() + kTimeoutMs;
  for (;;) {
    uint64_t now = arch::timer::now_ms();
    dev.deliver(iface, now);
    iface.poll(now);
    if (done()) return true;
    if (now >= deadline) return false;
    uint64_t wake = deadline;
    uint64_t timer = iface.next_deadline();
    if (timer != 0 && timer < wake) wake = timer;
    dev.nic().wait_for_frame(wake);
  }
}

}  // namespace

int program_main() {
  Result<virtio::VirtioNet*> probed = virtio::VirtioNet::probe();
  if (!probed.ok()) {
    kprintf("virtio-net: probe failed: %s\n", error_name(probed.error()));
    return 1;
  }
  virtio::VirtioNetDevice dev(*probed.value());
  net::InterfaceOptions options;
  // On the heap: an Interface (its UDP queues, its buffers) is far larger
  // than a kernel stack.
  net::Interface& iface = *new net::Interface(&dev, options, arch::timer::now_ms());

  if (!run_until(dev, iface, [&] { return iface.configured(); })) {
    kprintf("iface: no address within %llu ms\n", static_cast<unsigned long long>(kTimeoutMs));
    return 1;
  }
  print_ip("iface: address ", iface.config().address);
  print_ip("iface: gateway ", iface.config().gateway);

  Ipv4Address gateway = iface.config().gateway;
  Result<void> sent = iface.send_ping(gateway, kPingId, 1, net::ByteSpan{kPingData, sizeof kPingData},
                                      arch::timer::now_ms());
  if (!sent.ok()) {
    kprintf("iface: ping failed: %s\n", error_name(sent.error()));
    return 1;
  }
  net::PingReply reply;
  if (!run_until(dev, iface, [&] { return iface.take_ping_reply(&reply); })) {
    kprintf("iface: no echo reply within %llu ms\n", static_cast<unsigned long long>(kTimeoutMs));
    return 1;
  }
  print_ip("iface: echo reply from ", reply.from);
  kprintf("iface: reply matches our ping: %s\n",
          reply.identifier == kPingId && reply.sequence == 1 ? "yes" : "no");
  return 0;
}

}  // namespace akuma
