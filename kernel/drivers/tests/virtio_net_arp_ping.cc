// virtio-net end to end against QEMU's user network (slirp): probe the device,
// resolve the gateway 10.0.2.2 by ARP, ping it, and check the counters. Every
// wait is interrupt driven (WFI) with a deadline on the monotonic clock.
//
// Frames are built by hand here so the test pins the driver alone, not the
// network stack that will sit on it.
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/drivers/virtio/net.h"

namespace akuma {
namespace {

using virtio::MacAddress;
using virtio::VirtioNet;

constexpr uint8_t kOurIp[4] = {10, 0, 2, 15};
constexpr uint8_t kGatewayIp[4] = {10, 0, 2, 2};
constexpr uint16_t kEtherArp = 0x0806;
constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kPingId = 0x4b41;
constexpr uint16_t kPingSeq = 1;
constexpr char kPingPayload[] = "akuma virtio-net";  // 16 bytes without the NUL
constexpr uint64_t kReplyTimeoutMs = 3000;

void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
void copy(uint8_t* dst, const uint8_t* src, size_t n) { __builtin_memcpy(dst, src, n); }
bool equal(const uint8_t* a, const uint8_t* b, size_t n) { return __builtin_memcmp(a, b, n) == 0; }

// The Internet checksum (RFC 1071) over `n` bytes.
uint16_t checksum(const uint8_t* p, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < n; i += 2) sum += get16(p + i);
  if (n & 1) sum += uint32_t{p[n - 1]} << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

size_t ethernet(uint8_t* f, const MacAddress& dst, const MacAddress& src, uint16_t type) {
  copy(f, dst.bytes, 6);
  copy(f + 6, src.bytes, 6);
  put16(f + 12, type);
  return 14;
}

size_t arp_request(uint8_t* f, const MacAddress& ours) {
  const MacAddress broadcast{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
  uint8_t* a = f + ethernet(f, broadcast, ours, kEtherArp);
  put16(a + 0, 1);            // hardware: Ethernet
  put16(a + 2, kEtherIpv4);   // protocol: IPv4
  a[4] = 6;
  a[5] = 4;
  put16(a + 6, 1);  // request
  copy(a + 8, ours.bytes, 6);
  copy(a + 14, kOurIp, 4);
  __builtin_memset(a + 18, 0, 6);
  copy(a + 24, kGatewayIp, 4);
  return 14 + 28;
}

// The sender's MAC if `f` is an ARP reply from the gateway to us.
bool arp_reply_from_gateway(const uint8_t* f, size_t n, MacAddress* gateway) {
  if (n < 42 || get16(f + 12) != kEtherArp) return false;
  const uint8_t* a = f + 14;
  if (get16(a + 6) != 2 || !equal(a + 14, kGatewayIp, 4) || !equal(a + 24, kOurIp, 4)) return false;
  copy(gateway->bytes, a + 8, 6);
  return true;
}

size_t echo_request(uint8_t* f, const MacAddress& ours, const MacAddress& gateway) {
  constexpr size_t kPayload = sizeof kPingPayload - 1;
  uint8_t* ip = f + ethernet(f, gateway, ours, kEtherIpv4);
  uint8_t* icmp = ip + 20;
  __builtin_memset(ip, 0, 20 + 8);
  ip[0] = 0x45;  // IPv4, 20-byte header
  put16(ip + 2, 20 + 8 + kPayload);
  put16(ip + 4, 1);  // identification
  ip[8] = 64;        // TTL
  ip[9] = 1;         // ICMP
  copy(ip + 12, kOurIp, 4);
  copy(ip + 16, kGatewayIp, 4);
  put16(ip + 10, checksum(ip, 20));
  icmp[0] = 8;  // echo request
  put16(icmp + 4, kPingId);
  put16(icmp + 6, kPingSeq);
  copy(icmp + 8, reinterpret_cast<const uint8_t*>(kPingPayload), kPayload);
  put16(icmp + 2, checksum(icmp, 8 + kPayload));
  return 14 + 20 + 8 + kPayload;
}

// The ICMP payload length if `f` is the gateway's echo reply to our ping, else 0.
size_t echo_reply_from_gateway(const uint8_t* f, size_t n) {
  if (n < 14 + 20 + 8 || get16(f + 12) != kEtherIpv4) return 0;
  const uint8_t* ip = f + 14;
  size_t ihl = (ip[0] & 0xf) * 4u;
  size_t total = get16(ip + 2);
  if ((ip[0] >> 4) != 4 || ihl < 20 || total < ihl + 8 || 14 + total > n) return 0;
  if (ip[9] != 1 || !equal(ip + 12, kGatewayIp, 4) || !equal(ip + 16, kOurIp, 4)) return 0;
  const uint8_t* icmp = ip + ihl;
  if (icmp[0] != 0 || get16(icmp + 4) != kPingId || get16(icmp + 6) != kPingSeq) return 0;
  return total - ihl - 8;
}

void print_mac(const char* prefix, const MacAddress& m) {
  kprintf("%s%02x:%02x:%02x:%02x:%02x:%02x\n", prefix, m.bytes[0], m.bytes[1], m.bytes[2],
          m.bytes[3], m.bytes[4], m.bytes[5]);
}

// Receives frames until `match` accepts one or the deadline passes.
template <typename Match>
bool await_frame(VirtioNet& net, Match match) {
  uint64_t deadline = arch::timer::now_ms() + kReplyTimeoutMs;
  uint8_t frame[VirtioNet::kMaxFrame];
  while (net.wait_for_frame(deadline)) {
    size_t n = net.receive(frame, sizeof frame);
    if (n && match(frame, n)) return true;
  }
  return false;
}

void count_callback(void* arg) { ++*static_cast<uint32_t*>(arg); }

}  // namespace

int program_main() {
  Result<VirtioNet*> probed = VirtioNet::probe();
  if (!probed.ok()) {
    kprintf("virtio-net: probe failed: %s\n", error_name(probed.error()));
    return 1;
  }
  VirtioNet& net = *probed.value();
  MacAddress ours = net.mac();
  print_mac("virtio-net: mac ", ours);
  kprintf("virtio-net: probing again gives the same device: %s\n",
          VirtioNet::probe().value_or(nullptr) == &net ? "yes" : "no");
  uint32_t callbacks = 0;
  net.set_rx_callback(count_callback, &callbacks);

  uint8_t frame[VirtioNet::kMaxFrame];
  kprintf("arp: who-has 10.0.2.2 tell 10.0.2.15\n");
  Result<void> sent = net.transmit(frame, arp_request(frame, ours));
  if (!sent.ok()) {
    kprintf("arp: transmit failed: %s\n", error_name(sent.error()));
    return 1;
  }
  MacAddress gateway{};
  if (!await_frame(net, [&](const uint8_t* f, size_t n) { return arp_reply_from_gateway(f, n, &gateway); })) {
    kprintf("arp: no reply within %llu ms\n", static_cast<unsigned long long>(kReplyTimeoutMs));
    return 1;
  }
  print_mac("arp: 10.0.2.2 is-at ", gateway);

  kprintf("icmp: echo request to 10.0.2.2\n");
  sent = net.transmit(frame, echo_request(frame, ours, gateway));
  if (!sent.ok()) {
    kprintf("icmp: transmit failed: %s\n", error_name(sent.error()));
    return 1;
  }
  size_t payload = 0;
  if (!await_frame(net, [&](const uint8_t* f, size_t n) { return (payload = echo_reply_from_gateway(f, n)) != 0; })) {
    kprintf("icmp: no reply within %llu ms\n", static_cast<unsigned long long>(kReplyTimeoutMs));
    return 1;
  }
  kprintf("icmp: echo reply from 10.0.2.2, %zu bytes of payload\n", payload);

  kprintf("virtio-net: rx callback ran: %s\n", callbacks > 0 ? "yes" : "no");
  kprintf("virtio-net: a frame shorter than an Ethernet header is refused: %s\n",
          net.transmit(frame, 10).ok() ? "no" : "yes");
  virtio::NetStats s = net.stats();
  kprintf("virtio-net: tx %llu frames %llu bytes\n", static_cast<unsigned long long>(s.tx_frames),
          static_cast<unsigned long long>(s.tx_bytes));
  kprintf("virtio-net: rx %llu frames %llu bytes, %llu dropped\n",
          static_cast<unsigned long long>(s.rx_frames), static_cast<unsigned long long>(s.rx_bytes),
          static_cast<unsigned long long>(s.rx_drops));
  return 0;
}

}  // namespace akuma
