// Writes the seed corpus for receive_fuzzer: one file per valid frame
// (ARP request, ICMP echo request, TCP SYN to port 80, DHCP OFFER, a frame
// for 127.0.0.1 that must be dropped), each a single [length][frame] record,
// and one per valid local packet (ICMP echo, TCP SYN to port 80, UDP to
// port 7, all to 127.0.0.1) as a [0x8000 | length][IPv4 packet] record. Rebuild and rerun after format changes:
//   g++ -std=c++20 -I. net/fuzz/make_corpus.cc net/wire/{checksum,dhcp,ethernet,arp,icmp,ipv4,tcp,udp}.cc
//     kernel/lib/error.cc -o /tmp/make_corpus && /tmp/make_corpus net/fuzz/corpus
#include <stdio.h>

#include <string>
#include <vector>

#include "net/wire/arp.h"
#include "net/wire/dhcp.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmp.h"
#include "net/wire/ipv4.h"
#include "net/wire/tcp.h"
#include "net/wire/udp.h"

using namespace akuma::net;

namespace {

const MacAddress kOurMac{{0x52, 0x54, 0, 0x12, 0x34, 0x56}};
const MacAddress kPeerMac{{0x52, 0x55, 10, 0, 2, 2}};
constexpr Ipv4Address kOurIp = Ipv4Address::from(10, 0, 2, 15);
constexpr Ipv4Address kPeerIp = Ipv4Address::from(10, 0, 2, 2);
constexpr Ipv4Address kLoopback = Ipv4Address::from(127, 0, 0, 1);

std::vector<uint8_t> frame(uint16_t ethertype, const std::vector<uint8_t>& payload, MacAddress dst) {
  std::vector<uint8_t> f(kEthernetHeaderSize + payload.size());
  (void)emit_ethernet(EthernetHeader{dst, kPeerMac, ethertype}, MutByteSpan{f.data(), f.size()});
  for (size_t i = 0; i < payload.size(); ++i) f[kEthernetHeaderSize + i] = payload[i];
  return f;
}

std::vector<uint8_t> packet(uint8_t protocol, const std::vector<uint8_t>& payload, Ipv4Address src,
                            Ipv4Address dst) {
  std::vector<uint8_t> p(kIpv4HeaderSize + payload.size());
  Ipv4Header h;
  h.src = src;
  h.dst = dst;
  h.protocol = protocol;
  (void)emit_ipv4(h, payload.size(), MutByteSpan{p.data(), p.size()});
  for (size_t i = 0; i < payload.size(); ++i) p[kIpv4HeaderSize + i] = payload[i];
  return p;
}

std::vector<uint8_t> ipv4(uint8_t protocol, const std::vector<uint8_t>& payload, Ipv4Address dst,
                          MacAddress mac) {
  return frame(kEtherTypeIpv4, packet(protocol, payload, kPeerIp, dst), mac);
}

// `local`: an IPv4 packet for the local queue rather than a frame.
bool write(const std::string& dir, const char* name, const std::vector<uint8_t>& f,
           bool local = false) {
  std::string path = dir + "/" + name;
  FILE* out = fopen(path.c_str(), "wb");
  if (out == nullptr) return false;
  uint8_t length[2] = {uint8_t((f.size() >> 8) | (local ? 0x80 : 0)), uint8_t(f.size())};
  bool ok = fwrite(length, 1, 2, out) == 2 && fwrite(f.data(), 1, f.size(), out) == f.size();
  return fclose(out) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  bool ok = true;

  std::vector<uint8_t> a(kArpPacketSize);
  (void)emit_arp(ArpPacket{ArpOperation::kRequest, kPeerMac, kPeerIp, MacAddress{}, kOurIp},
                 MutByteSpan{a.data(), a.size()});
  ok &= write(dir, "arp_request", frame(kEtherTypeArp, a, MacAddress::broadcast()));

  std::vector<uint8_t> icmp(12);
  const uint8_t ping[] = {'p', 'i', 'n', 'g'};
  (void)emit_icmp_echo(kIcmpEchoRequest, 1, 1, ByteSpan{ping, 4}, MutByteSpan{icmp.data(), icmp.size()});
  ok &= write(dir, "icmp_echo", ipv4(kIpProtocolIcmp, icmp, kOurIp, kOurMac));
  ok &= write(dir, "icmp_echo_for_127_from_wire", ipv4(kIpProtocolIcmp, icmp, kLoopback, kOurMac));
  ok &= write(dir, "local_icmp_echo", packet(kIpProtocolIcmp, icmp, kLoopback, kLoopback), true);

  TcpHeader syn;
  syn.src_port = 40000;
  syn.dst_port = 80;
  syn.seq = 1000;
  syn.flags = kTcpSyn;
  syn.window = 8192;
  syn.mss = 1460;
  std::vector<uint8_t> tcp(24);
  (void)emit_tcp(syn, ByteSpan{}, kPeerIp, kOurIp, MutByteSpan{tcp.data(), tcp.size()});
  ok &= write(dir, "tcp_syn", ipv4(kIpProtocolTcp, tcp, kOurIp, kOurMac));
  (void)emit_tcp(syn, ByteSpan{}, kLoopback, kLoopback, MutByteSpan{tcp.data(), tcp.size()});
  ok &= write(dir, "local_tcp_syn", packet(kIpProtocolTcp, tcp, kLoopback, kLoopback), true);

  const uint8_t hello[] = {'h', 'i'};
  std::vector<uint8_t> datagram(kUdpHeaderSize + sizeof hello);
  (void)emit_udp(40001, 7, ByteSpan{hello, sizeof hello}, kLoopback, kLoopback,
                 MutByteSpan{datagram.data(), datagram.size()});
  ok &= write(dir, "local_udp_echo", packet(kIpProtocolUdp, datagram, kLoopback, kLoopback), true);

  DhcpMessage offer;
  offer.op = 2;
  offer.chaddr = kOurMac;
  offer.yiaddr = kOurIp;
  offer.type = DhcpMessageType::kOffer;
  offer.subnet_mask = Ipv4Address::from(255, 255, 255, 0);
  offer.router = kPeerIp;
  offer.dns = Ipv4Address::from(10, 0, 2, 3);
  offer.lease_seconds = 86400;
  offer.server_id = kPeerIp;
  std::vector<uint8_t> body(400);
  size_t n = emit_dhcp(offer, MutByteSpan{body.data(), body.size()}).value();
  std::vector<uint8_t> udp(kUdpHeaderSize + n);
  (void)emit_udp(kDhcpServerPort, kDhcpClientPort, ByteSpan{body.data(), n}, kPeerIp,
                 Ipv4Address::broadcast(), MutByteSpan{udp.data(), udp.size()});
  ok &= write(dir, "udp_dhcp_offer",
              ipv4(kIpProtocolUdp, udp, Ipv4Address::broadcast(), MacAddress::broadcast()));
  return ok ? 0 : 1;
}
