// The Interface with crafted frames (ARP, ICMP, counters) and with two or
// more interfaces on a fake Ethernet (ping, DHCP, UDP).
#include <gtest/gtest.h>

#include <vector>

#include "net/iface/interface.h"
#include "net/iface/testing/fake_link.h"
#include "net/wire/arp.h"
#include "net/wire/checksum.h"
#include "net/wire/dhcp.h"
#include "net/wire/icmp.h"
#include "net/wire/tcp.h"
#include "net/wire/udp.h"

namespace akuma::net {
namespace {

using testing::FakeDevice;
using testing::Network;

const MacAddress kOurMac{{0x52, 0x54, 0, 0x12, 0x34, 0x56}};
const MacAddress kPeerMac{{0x52, 0x55, 10, 0, 2, 2}};
constexpr Ipv4Address kOurIp = Ipv4Address::from(10, 0, 2, 15);
constexpr Ipv4Address kPeerIp = Ipv4Address::from(10, 0, 2, 2);

InterfaceOptions static_options(IpConfig config = kFallbackIpConfig) {
  InterfaceOptions o;
  o.use_dhcp = false;
  o.static_config = config;
  return o;
}

// Frame builders playing the peer at kPeerMac/kPeerIp.
std::vector<uint8_t> frame(uint16_t ethertype, const std::vector<uint8_t>& payload,
                           MacAddress dst = kOurMac) {
  std::vector<uint8_t> f(kEthernetHeaderSize + payload.size());
  (void)emit_ethernet(EthernetHeader{dst, kPeerMac, ethertype}, MutByteSpan{f.data(), f.size()});
  std::copy(payload.begin(), payload.end(), f.begin() + kEthernetHeaderSize);
  return f;
}

std::vector<uint8_t> arp(ArpOperation op, Ipv4Address target, MacAddress dst) {
  std::vector<uint8_t> p(kArpPacketSize);
  (void)emit_arp(ArpPacket{op, kPeerMac, kPeerIp, op == ArpOperation::kReply ? kOurMac : MacAddress{}, target},
                 MutByteSpan{p.data(), p.size()});
  return frame(kEtherTypeArp, p, dst);
}

std::vector<uint8_t> ipv4(uint8_t protocol, const std::vector<uint8_t>& payload,
                          Ipv4Address dst = kOurIp) {
  std::vector<uint8_t> p(kIpv4HeaderSize + payload.size());
  Ipv4Header h;
  h.src = kPeerIp;
  h.dst = dst;
  h.protocol = protocol;
  (void)emit_ipv4(h, payload.size(), MutByteSpan{p.data(), p.size()});
  std::copy(payload.begin(), payload.end(), p.begin() + kIpv4HeaderSize);
  return frame(kEtherTypeIpv4, p);
}

std::vector<uint8_t> echo_request(uint16_t seq) {
  std::vector<uint8_t> p(8 + 4);
  const uint8_t data[] = {'p', 'i', 'n', 'g'};
  (void)emit_icmp_echo(kIcmpEchoRequest, 77, seq, ByteSpan{data, 4}, MutByteSpan{p.data(), p.size()});
  return ipv4(kIpProtocolIcmp, p);
}

struct Parsed {
  EthernetHeader eth;
  std::vector<uint8_t> payload;
};
Parsed parse(const std::vector<uint8_t>& f) {
  auto v = parse_ethernet(ByteSpan{f.data(), f.size()});
  EXPECT_TRUE(v.ok());
  return Parsed{v.value().header,
                std::vector<uint8_t>(v.value().payload.data,
                                     v.value().payload.data + v.value().payload.size)};
}

class IfaceTest : public ::testing::Test {
 protected:
  IfaceTest() : device(kOurMac), iface(&device, static_options(), 0) {}
  void receive(const std::vector<uint8_t>& f) { iface.receive(f.data(), f.size(), now); }
  std::vector<uint8_t> pop() {
    EXPECT_FALSE(device.sent.empty());
    if (device.sent.empty()) return {};
    auto f = device.sent.front();
    device.sent.pop_front();
    return f;
  }
  uint64_t drops(DropReason r) { return iface.counters().dropped(r); }

  FakeDevice device;
  Interface iface;
  uint64_t now = 1000;
};

TEST_F(IfaceTest, StaticConfiguration) {
  EXPECT_TRUE(iface.configured());
  EXPECT_EQ(iface.config().address, kOurIp);
  EXPECT_EQ(iface.config().gateway, kPeerIp);
  EXPECT_TRUE(device.sent.empty());
}

TEST_F(IfaceTest, AnswersArpRequestAndLearnsSender) {
  receive(arp(ArpOperation::kRequest, kOurIp, MacAddress::broadcast()));
  Parsed reply = parse(pop());
  EXPECT_EQ(reply.eth.dst, kPeerMac);
  EXPECT_EQ(reply.eth.ethertype, kEtherTypeArp);
  auto p = parse_arp(ByteSpan{reply.payload.data(), reply.payload.size()});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value().operation, ArpOperation::kReply);
  EXPECT_EQ(p.value().sender_mac, kOurMac);
  EXPECT_EQ(p.value().sender_ip, kOurIp);
  EXPECT_EQ(p.value().target_ip, kPeerIp);
  MacAddress learned;
  EXPECT_TRUE(iface.arp_cache().lookup(kPeerIp, now, &learned));
  EXPECT_EQ(learned, kPeerMac);
  // Entries expire.
  EXPECT_FALSE(iface.arp_cache().lookup(kPeerIp, now + 60000, &learned));
}

TEST_F(IfaceTest, IgnoresArpForOthers) {
  receive(arp(ArpOperation::kRequest, Ipv4Address::from(10, 0, 2, 99), MacAddress::broadcast()));
  EXPECT_TRUE(device.sent.empty());
  EXPECT_EQ(drops(DropReason::kNotForUs), 1u);
  EXPECT_FALSE(iface.arp_cache().contains(kPeerIp, now));  // not addressed to us: not learned
}

TEST_F(IfaceTest, AnswersEchoRequestAfterResolvingThePeer) {
  receive(echo_request(5));
  // The peer's MAC is unknown: we ask first, the reply waits.
  Parsed ask = parse(pop());
  EXPECT_EQ(ask.eth.dst, MacAddress::broadcast());
  EXPECT_EQ(ask.eth.ethertype, kEtherTypeArp);
  receive(arp(ArpOperation::kReply, kOurIp, kOurMac));
  Parsed reply = parse(pop());
  EXPECT_EQ(reply.eth.dst, kPeerMac);
  auto ip = parse_ipv4(ByteSpan{reply.payload.data(), reply.payload.size()});
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip.value().header.dst, kPeerIp);
  auto icmp = parse_icmp(ip.value().payload);
  ASSERT_TRUE(icmp.ok());
  EXPECT_EQ(icmp.value().type, kIcmpEchoReply);
  EXPECT_EQ(icmp.value().identifier, 77);
  EXPECT_EQ(icmp.value().sequence, 5);
  EXPECT_EQ(icmp.value().data.size, 4u);
  // Now resolved: the next reply goes straight out.
  receive(echo_request(6));
  EXPECT_EQ(parse(pop()).eth.ethertype, kEtherTypeIpv4);
}

TEST_F(IfaceTest, UnresolvedPacketsAreDroppedAfterAWhile) {
  ASSERT_TRUE(iface.send_ping(Ipv4Address::from(10, 0, 2, 77), 1, 1, ByteSpan{}, now).ok());
  pop();  // ARP request
  uint64_t t = now;
  while ((t = iface.next_deadline()) != 0 && t <= now + 3000) {
    iface.poll(t);
  }
  EXPECT_EQ(device.sent.size(), 2u);  // the request was repeated
  EXPECT_EQ(drops(DropReason::kArpUnresolved), 1u);
  EXPECT_EQ(iface.next_deadline(), 0u);
}

TEST_F(IfaceTest, CountsEveryKindOfDrop) {
  std::vector<uint8_t> tiny = {1, 2, 3};
  receive(tiny);
  EXPECT_EQ(drops(DropReason::kMalformed), 1u);

  receive(frame(0x86dd, {0, 0, 0, 0}));
  EXPECT_EQ(drops(DropReason::kUnknownEtherType), 1u);

  receive(frame(kEtherTypeIpv4, {0x45, 0}));  // truncated IPv4 header
  EXPECT_EQ(drops(DropReason::kMalformed), 2u);

  auto bad_sum = echo_request(1);
  bad_sum[kEthernetHeaderSize + 8] ^= 1;  // TTL
  receive(bad_sum);
  EXPECT_EQ(drops(DropReason::kBadChecksum), 1u);

  auto bad_icmp = echo_request(1);
  bad_icmp.back() ^= 0xff;
  receive(bad_icmp);
  EXPECT_EQ(drops(DropReason::kBadChecksum), 2u);

  // A fragment (MF set, header checksum fixed up).
  auto frag = echo_request(1);
  uint8_t* ip = frag.data() + kEthernetHeaderSize;
  store_be16(ip + 6, 0x2000);
  store_be16(ip + 10, 0);
  store_be16(ip + 10, checksum_finish(checksum_add(0, ByteSpan{ip, 20})));
  receive(frag);
  EXPECT_EQ(drops(DropReason::kFragment), 1u);

  receive(ipv4(47, {1, 2, 3, 4}));  // GRE
  EXPECT_EQ(drops(DropReason::kUnknownProtocol), 1u);

  auto other_host = echo_request(1);
  other_host[0] = 0x02;  // another unicast MAC
  receive(other_host);
  EXPECT_EQ(drops(DropReason::kNotForUs), 1u);

  std::vector<uint8_t> udp(8 + 3);
  const uint8_t data[] = {1, 2, 3};
  (void)emit_udp(1234, 9999, ByteSpan{data, 3}, kPeerIp, kOurIp, MutByteSpan{udp.data(), udp.size()});
  receive(ipv4(kIpProtocolUdp, udp));
  EXPECT_EQ(drops(DropReason::kNoSocket), 1u);

  std::vector<uint8_t> tcp(20);
  TcpHeader h;
  h.src_port = 1234;
  h.dst_port = 80;
  h.seq = 1;
  h.flags = kTcpSyn;
  (void)emit_tcp(h, ByteSpan{}, kPeerIp, kOurIp, MutByteSpan{tcp.data(), tcp.size()});
  receive(ipv4(kIpProtocolTcp, tcp));
  EXPECT_EQ(drops(DropReason::kNoListener), 1u);  // TCP's own reason, not UDP's
  EXPECT_EQ(drops(DropReason::kNoSocket), 1u);

  EXPECT_EQ(iface.counters().rx_packets, 10u);
  EXPECT_EQ(iface.counters().dropped_total(), 10u);
}

// ---------------------------------------------------------------- networks

struct Host {
  Host(MacAddress mac, const InterfaceOptions& options, uint64_t now)
      : device(mac), iface(&device, options, now) {}
  FakeDevice device;
  Interface iface;
};

IpConfig config_for(Ipv4Address a) {
  IpConfig c = kFallbackIpConfig;
  c.address = a;
  return c;
}

TEST(IfaceNetwork, PingBetweenTwoInterfaces) {
  uint64_t now = 0;
  Host a(kOurMac, static_options(config_for(kOurIp)), now);
  Host b(kPeerMac, static_options(config_for(kPeerIp)), now);
  Network net;
  net.attach(&a.device, &a.iface);
  net.attach(&b.device, &b.iface);
  const uint8_t data[] = {1, 2, 3};
  ASSERT_TRUE(a.iface.send_ping(kPeerIp, 9, 1, ByteSpan{data, 3}, now).ok());
  net.deliver(now);
  PingReply r;
  ASSERT_TRUE(a.iface.take_ping_reply(&r));
  EXPECT_EQ(r.from, kPeerIp);
  EXPECT_EQ(r.identifier, 9);
  EXPECT_EQ(r.sequence, 1);
  EXPECT_FALSE(a.iface.take_ping_reply(&r));
  EXPECT_EQ(a.iface.counters().dropped_total(), 0u);
  EXPECT_EQ(b.iface.counters().dropped_total(), 0u);
}

TEST(IfaceNetwork, UdpDatagramsReachBoundPorts) {
  uint64_t now = 0;
  Host a(kOurMac, static_options(config_for(kOurIp)), now);
  Host b(kPeerMac, static_options(config_for(kPeerIp)), now);
  Network net;
  net.attach(&a.device, &a.iface);
  net.attach(&b.device, &b.iface);
  int slot = b.iface.udp().bind(Endpoint{Ipv4Address::any(), 53}).value();
  EXPECT_EQ(b.iface.udp().bind(Endpoint{kPeerIp, 53}).error(), Error::kExists);
  const uint8_t q[] = {'q'};
  ASSERT_TRUE(a.iface.send_udp(Endpoint{Ipv4Address::any(), 4000}, Endpoint{kPeerIp, 53}, ByteSpan{q, 1}, now).ok());
  net.deliver(now);
  uint8_t buf[8];
  Endpoint from;
  auto n = b.iface.udp().receive(slot, buf, sizeof buf, &from);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.value(), 1u);
  EXPECT_EQ(from, (Endpoint{kOurIp, 4000}));
  EXPECT_EQ(b.iface.udp().receive(slot, buf, sizeof buf, &from).error(), Error::kWouldBlock);
}

// ---------------------------------------------------------------- local delivery

constexpr Ipv4Address kLoopback = Ipv4Address::from(127, 0, 0, 1);

// Runs poll() until the local queue is empty (loopback traffic only: no
// timers, no clock advance).
void settle(Interface& iface, uint64_t now) {
  for (int i = 0; i < 16 && iface.local_pending() != 0; ++i) iface.poll(now);
}

TEST(IfaceLocal, LoopbackOnlyInterfacePingsItself) {
  uint64_t now = 5;
  Interface iface(nullptr, InterfaceOptions{}, now);  // no NIC at all
  EXPECT_FALSE(iface.has_device());
  EXPECT_FALSE(iface.configured());
  EXPECT_EQ(iface.next_deadline(), 0u);  // no DHCP without a device
  const uint8_t data[] = {'l', 'o'};
  ASSERT_TRUE(iface.send_ping(kLoopback, 3, 1, ByteSpan{data, 2}, now).ok());
  // Queued, not delivered from inside the send: poll() does that, and the
  // interface says it is due at once.
  EXPECT_EQ(iface.local_pending(), 1u);
  PingReply r;
  EXPECT_FALSE(iface.take_ping_reply(&r));
  EXPECT_NE(iface.next_deadline(), 0u);
  EXPECT_LE(iface.next_deadline(), now);
  iface.poll(now);  // the request, then (queued by it) the reply
  EXPECT_EQ(iface.local_pending(), 0u);
  ASSERT_TRUE(iface.take_ping_reply(&r));
  EXPECT_EQ(r.from, kLoopback);
  EXPECT_EQ(r.sequence, 1);
  EXPECT_EQ(iface.counters().local_packets, 2u);
  EXPECT_EQ(iface.counters().tx_packets, 0u);
  EXPECT_EQ(iface.counters().dropped_total(), 0u);
  EXPECT_EQ(iface.next_deadline(), 0u);
}

TEST(IfaceLocal, AnyAddressIn127Slash8IsLocal) {
  Interface iface(nullptr, InterfaceOptions{}, 0);
  ASSERT_TRUE(iface.send_ping(Ipv4Address::from(127, 1, 2, 3), 3, 9, ByteSpan{}, 0).ok());
  settle(iface, 0);
  PingReply r;
  ASSERT_TRUE(iface.take_ping_reply(&r));
  EXPECT_EQ(r.from, Ipv4Address::from(127, 1, 2, 3));  // answered from the address asked
}

TEST_F(IfaceTest, OwnAddressIsDeliveredLocallyWithoutArp) {
  ASSERT_TRUE(iface.send_ping(kOurIp, 3, 2, ByteSpan{}, now).ok());
  ASSERT_TRUE(iface.send_ping(kLoopback, 3, 3, ByteSpan{}, now).ok());
  settle(iface, now);
  EXPECT_TRUE(device.sent.empty());  // no ARP request, no frame at all
  PingReply r;
  ASSERT_TRUE(iface.take_ping_reply(&r));
  EXPECT_EQ(r.from, kOurIp);
  ASSERT_TRUE(iface.take_ping_reply(&r));
  EXPECT_EQ(r.from, kLoopback);
  EXPECT_EQ(iface.counters().local_packets, 4u);
}

TEST_F(IfaceTest, SourceAddressSelection) {
  EXPECT_EQ(iface.source_address(kLoopback).value(), kLoopback);
  EXPECT_EQ(iface.source_address(Ipv4Address::from(127, 9, 9, 9)).value(), kLoopback);
  EXPECT_EQ(iface.source_address(kOurIp).value(), kOurIp);
  EXPECT_EQ(iface.source_address(kPeerIp).value(), kOurIp);
  EXPECT_TRUE(iface.is_local_address(kOurIp));
  EXPECT_TRUE(iface.is_local_address(Ipv4Address::from(127, 0, 0, 2)));
  EXPECT_FALSE(iface.is_local_address(kPeerIp));
  EXPECT_FALSE(iface.is_local_address(Ipv4Address::any()));

  Interface lo(nullptr, InterfaceOptions{}, 0);
  EXPECT_EQ(lo.source_address(kLoopback).value(), kLoopback);
  EXPECT_EQ(lo.source_address(kPeerIp).error(), Error::kNetworkUnreachable);
  EXPECT_EQ(lo.send_ping(kPeerIp, 1, 1, ByteSpan{}, 0).error(), Error::kNetworkUnreachable);
  EXPECT_FALSE(lo.is_local_address(kOurIp));  // no address of its own
}

TEST_F(IfaceTest, LoopbackSourceNeverLeavesTheHost) {
  const uint8_t d[] = {1};
  EXPECT_EQ(iface.send_udp(Endpoint{kLoopback, 4000}, Endpoint{kPeerIp, 53}, ByteSpan{d, 1}, now)
                .error(),
            Error::kInvalidArgument);
  EXPECT_TRUE(device.sent.empty());
  // From our own address to 127.x is fine (Linux routes it through lo).
  int slot = iface.udp().bind(Endpoint{kLoopback, 53}).value();
  ASSERT_TRUE(iface.send_udp(Endpoint{kOurIp, 4000}, Endpoint{kLoopback, 53}, ByteSpan{d, 1}, now).ok());
  settle(iface, now);
  Endpoint from;
  uint8_t buf[4];
  EXPECT_EQ(iface.udp().receive(slot, buf, sizeof buf, &from).value_or(0), 1u);
  EXPECT_EQ(from, (Endpoint{kOurIp, 4000}));
}

TEST_F(IfaceTest, WireTrafficFor127IsDropped) {
  // An echo request "to 127.0.0.1" arriving from the NIC: martian.
  receive(ipv4(kIpProtocolIcmp, [] {
    std::vector<uint8_t> p(8);
    (void)emit_icmp_echo(kIcmpEchoRequest, 1, 1, ByteSpan{}, MutByteSpan{p.data(), p.size()});
    return p;
  }(), kLoopback));
  EXPECT_EQ(drops(DropReason::kNotForUs), 1u);
  // And one to us claiming to come from 127.0.0.1.
  auto spoofed = echo_request(1);
  uint8_t* ip = spoofed.data() + kEthernetHeaderSize;
  store_be32(ip + 12, kLoopback.value);
  store_be16(ip + 10, 0);
  store_be16(ip + 10, checksum_finish(checksum_add(0, ByteSpan{ip, 20})));
  receive(spoofed);
  EXPECT_EQ(drops(DropReason::kNotForUs), 2u);
  EXPECT_TRUE(device.sent.empty());
  EXPECT_EQ(iface.local_pending(), 0u);
}

TEST(IfaceLocal, LocalQueueIsBoundedAndCounted) {
  uint64_t now = 10;
  Interface iface(nullptr, InterfaceOptions{}, now);
  int slot = iface.udp().bind(Endpoint{Ipv4Address::any(), 9}).value();
  const uint8_t d[] = {7};
  auto send = [&] {
    return iface.send_udp(Endpoint{kLoopback, 1000}, Endpoint{kLoopback, 9}, ByteSpan{d, 1}, now);
  };
  size_t queued = 0;
  while (send().ok()) ++queued;
  // 29-byte packets, 2 bytes of length each: the queue's bytes bound it.
  EXPECT_EQ(queued, Interface::kLocalQueueBytes / 31);
  EXPECT_EQ(iface.local_pending(), queued);
  // The one that did not fit was dropped and counted; the sender heard.
  EXPECT_EQ(iface.counters().dropped(DropReason::kQueueFull), 1u);
  // One poll delivers at most kLocalBudget; the rest is due at once.
  iface.poll(now);
  EXPECT_EQ(iface.local_pending(), queued - Interface::kLocalBudget);
  EXPECT_EQ(iface.next_deadline(), now);
  settle(iface, now);
  EXPECT_EQ(iface.local_pending(), 0u);
  size_t got = 0;
  uint8_t buf[4];
  while (iface.udp().receive(slot, buf, sizeof buf, nullptr).ok()) ++got;
  EXPECT_GT(got, 0u);
  EXPECT_EQ(got + iface.udp().dropped(slot), queued);  // the socket's own queue is smaller
  EXPECT_EQ(iface.counters().local_packets, queued);
}

TEST(IfaceLocal, InjectedGarbageIsCountedNotTrusted) {
  Interface iface(nullptr, InterfaceOptions{}, 0);
  const uint8_t junk[] = {0x45, 0, 0, 99, 1, 2};
  ASSERT_TRUE(iface.loop_back(ByteSpan{junk, sizeof junk}).ok());
  std::vector<uint8_t> huge(kEthernetMtu + 1);
  EXPECT_EQ(iface.loop_back(ByteSpan{huge.data(), huge.size()}).error(), Error::kRange);
  iface.poll(0);
  EXPECT_EQ(iface.counters().dropped(DropReason::kMalformed), 1u);
}

TEST(IfaceLocal, UdpBindingsByAddress) {
  uint64_t now = 0;
  FakeDevice device(kOurMac);
  Interface iface(&device, static_options(config_for(kOurIp)), now);
  UdpTable& udp = iface.udp();
  int lo = udp.bind(Endpoint{kLoopback, 53}).value();
  int own = udp.bind(Endpoint{kOurIp, 53}).value();  // same port, other address
  EXPECT_EQ(udp.bind(Endpoint{Ipv4Address::any(), 53}).error(), Error::kExists);
  EXPECT_EQ(udp.bind(Endpoint{kLoopback, 53}).error(), Error::kExists);
  EXPECT_EQ(udp.bind(Endpoint{kLoopback, 0}).error(), Error::kInvalidArgument);
  const uint8_t a[] = {'a'}, b[] = {'b', 'b'};
  ASSERT_TRUE(iface.send_udp(Endpoint{Ipv4Address::any(), 7000}, Endpoint{kLoopback, 53}, ByteSpan{a, 1}, now).ok());
  ASSERT_TRUE(iface.send_udp(Endpoint{Ipv4Address::any(), 7000}, Endpoint{kOurIp, 53}, ByteSpan{b, 2}, now).ok());
  settle(iface, now);
  uint8_t buf[8];
  Endpoint from;
  EXPECT_EQ(udp.receive(lo, buf, sizeof buf, &from).value_or(0), 1u);
  EXPECT_EQ(from, (Endpoint{kLoopback, 7000}));
  EXPECT_EQ(udp.receive(own, buf, sizeof buf, &from).value_or(0), 2u);
  EXPECT_EQ(from, (Endpoint{kOurIp, 7000}));
  EXPECT_TRUE(device.sent.empty());

  // A connected slot takes datagrams from its peer only.
  udp.connect(lo, kLoopback, Endpoint{kLoopback, 7001});
  ASSERT_TRUE(iface.send_udp(Endpoint{kLoopback, 7000}, Endpoint{kLoopback, 53}, ByteSpan{a, 1}, now).ok());
  ASSERT_TRUE(iface.send_udp(Endpoint{kLoopback, 7001}, Endpoint{kLoopback, 53}, ByteSpan{b, 2}, now).ok());
  settle(iface, now);
  EXPECT_EQ(udp.receive(lo, buf, sizeof buf, &from).value_or(0), 2u);
  EXPECT_EQ(from.port, 7001);
  EXPECT_EQ(udp.receive(lo, buf, sizeof buf, &from).error(), Error::kWouldBlock);
  EXPECT_EQ(iface.counters().dropped(DropReason::kNoSocket), 1u);
}

TEST(IfaceLocal, UdpQueueKeepsBoundariesAndDropsWhenFull) {
  Interface iface(nullptr, InterfaceOptions{}, 0);
  int slot = iface.udp().bind(Endpoint{kLoopback, 9}).value();
  std::vector<uint8_t> big(UdpTable::kMaxPayload, 0x5a);
  // Each full datagram takes kMaxPayload + 8 bytes of the queue.
  const int fit = int(UdpTable::kQueueBytes / (UdpTable::kMaxPayload + 8));
  for (int i = 0; i < fit + 3; ++i) {
    big[0] = uint8_t(i);
    ASSERT_TRUE(iface.send_udp(Endpoint{kLoopback, 1}, Endpoint{kLoopback, 9}, ByteSpan{big.data(), big.size()}, 0).ok());
    settle(iface, 0);
  }
  EXPECT_EQ(iface.udp().dropped(slot), 3u);
  EXPECT_EQ(iface.counters().dropped(DropReason::kQueueFull), 3u);
  uint8_t buf[2000];
  for (int i = 0; i < fit; ++i) {
    auto n = iface.udp().receive(slot, buf, sizeof buf, nullptr);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(n.value(), UdpTable::kMaxPayload);  // one datagram per receive
    EXPECT_EQ(buf[0], uint8_t(i));                 // in order
  }
  EXPECT_FALSE(iface.udp().readable(slot));
  EXPECT_EQ(iface.send_udp(Endpoint{kLoopback, 1}, Endpoint{kLoopback, 9},
                           ByteSpan{big.data(), UdpTable::kMaxPayload + 1}, 0)
                .error(),
            Error::kMessageTooLong);
}

// A minimal DHCP server on the fake network, answering like QEMU's.
class FakeDhcpServer : public NetDevice {
 public:
  Result<void> transmit(ByteSpan) override { return {}; }
  MacAddress mac() const override { return kPeerMac; }

  // Looks at the client's frames; returns the frames to send back.
  std::vector<std::vector<uint8_t>> answer(const std::vector<uint8_t>& f) {
    std::vector<std::vector<uint8_t>> out;
    auto eth = parse_ethernet(ByteSpan{f.data(), f.size()});
    if (!eth.ok() || eth.value().header.ethertype != kEtherTypeIpv4) return out;
    auto ip = parse_ipv4(eth.value().payload);
    if (!ip.ok() || ip.value().header.protocol != kIpProtocolUdp) return out;
    auto udp = parse_udp(ip.value().payload, ip.value().header.src, ip.value().header.dst);
    if (!udp.ok() || udp.value().dst_port != kDhcpServerPort) return out;
    auto m = parse_dhcp(udp.value().payload);
    if (!m.ok()) return out;
    ++seen;
    if (silent) return out;
    DhcpMessage r;
    r.op = 2;
    r.xid = m.value().xid;
    r.chaddr = m.value().chaddr;
    r.yiaddr = Ipv4Address::from(10, 0, 2, 16);
    r.server_id = kPeerIp;
    r.subnet_mask = Ipv4Address::from(255, 255, 255, 0);
    r.router = kPeerIp;
    r.dns = Ipv4Address::from(10, 0, 2, 3);
    r.lease_seconds = 86400;
    r.type = m.value().type == DhcpMessageType::kDiscover ? DhcpMessageType::kOffer
                                                          : DhcpMessageType::kAck;
    std::vector<uint8_t> body(600);
    size_t n = emit_dhcp(r, MutByteSpan{body.data(), body.size()}).value();
    std::vector<uint8_t> u(8 + n);
    (void)emit_udp(kDhcpServerPort, kDhcpClientPort, ByteSpan{body.data(), n}, kPeerIp,
                   Ipv4Address::broadcast(), MutByteSpan{u.data(), u.size()});
    out.push_back(ipv4(kIpProtocolUdp, u, Ipv4Address::broadcast()));
    // ipv4() addresses kOurMac; DHCP replies are broadcast.
    for (int i = 0; i < 6; ++i) out.back()[i] = 0xff;
    return out;
  }
  int seen = 0;
  bool silent = false;
};

TEST(IfaceDhcp, LeaseFromServer) {
  uint64_t now = 0;
  InterfaceOptions o;  // DHCP on
  FakeDevice device(kOurMac);
  Interface iface(&device, o, now);
  EXPECT_FALSE(iface.configured());
  FakeDhcpServer server;
  for (int round = 0; round < 4 && !iface.configured(); ++round) {
    while (!device.sent.empty()) {
      auto f = device.sent.front();
      device.sent.pop_front();
      for (auto& reply : server.answer(f)) iface.receive(reply.data(), reply.size(), now);
    }
  }
  ASSERT_TRUE(iface.configured());
  EXPECT_EQ(server.seen, 2);  // DISCOVER, REQUEST
  EXPECT_EQ(iface.config().address, Ipv4Address::from(10, 0, 2, 16));
  EXPECT_EQ(iface.config().gateway, kPeerIp);
  EXPECT_EQ(iface.config().dns, Ipv4Address::from(10, 0, 2, 3));
  EXPECT_EQ(iface.dhcp().state(), DhcpClient::State::kBound);
  EXPECT_EQ(iface.next_deadline(), now + 86400 * 500);  // renewal at T1
}

TEST(IfaceDhcp, FallsBackToStaticConfiguration) {
  uint64_t now = 0;
  InterfaceOptions o;
  FakeDevice device(kOurMac);
  Interface iface(&device, o, now);
  FakeDhcpServer server;
  server.silent = true;
  while (!iface.configured() && iface.next_deadline() != 0) {
    now = iface.next_deadline();
    iface.poll(now);
  }
  while (!device.sent.empty()) {
    (void)server.answer(device.sent.front());
    device.sent.pop_front();
  }
  EXPECT_EQ(server.seen, 3);  // three DISCOVERs
  ASSERT_TRUE(iface.configured());
  EXPECT_EQ(iface.config().address, kOurIp);
  EXPECT_EQ(iface.dhcp().state(), DhcpClient::State::kFallback);
  // DISCOVERs at 0, 1 s and 3 s; the last one gets 4 s to be answered.
  EXPECT_EQ(now, 7000u);
}

}  // namespace
}  // namespace akuma::net
