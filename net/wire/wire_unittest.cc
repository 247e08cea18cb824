// Parse/emit round trips and malformed input for every header in net/wire.
#include <gtest/gtest.h>

#include "net/wire/arp.h"
#include "net/wire/checksum.h"
#include "net/wire/dhcp.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmp.h"
#include "net/wire/ipv4.h"
#include "net/wire/tcp.h"
#include "net/wire/udp.h"

namespace akuma::net {
namespace {

constexpr Ipv4Address kA = Ipv4Address::from(10, 0, 2, 15);
constexpr Ipv4Address kB = Ipv4Address::from(10, 0, 2, 2);
const MacAddress kMacA{{0x52, 0x54, 0, 0x12, 0x34, 0x56}};
const MacAddress kMacB{{0x52, 0x55, 10, 0, 2, 2}};

// Every prefix of a valid encoding must fail to parse as kMalformed (the
// parsers must never read beyond what they were given).
template <typename Parse>
void expect_every_truncation_malformed(const uint8_t* bytes, size_t size, size_t min_valid,
                                       Parse parse) {
  for (size_t n = 0; n < min_valid && n < size; ++n) {
    auto r = parse(ByteSpan{bytes, n});
    ASSERT_FALSE(r.ok()) << "prefix " << n;
    EXPECT_EQ(r.error(), Error::kMalformed) << "prefix " << n;
  }
}

TEST(Checksum, Rfc1071Example) {
  const uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(checksum_finish(checksum_add(0, ByteSpan{data, sizeof data})), uint16_t(~0xddf2));
}

TEST(Checksum, OddLengthPadsWithZero) {
  const uint8_t odd[] = {0x12, 0x34, 0x56};
  const uint8_t even[] = {0x12, 0x34, 0x56, 0x00};
  EXPECT_EQ(checksum_finish(checksum_add(0, ByteSpan{odd, 3})),
            checksum_finish(checksum_add(0, ByteSpan{even, 4})));
}

// The word-at-a-time sum against RFC 1071's definition (big-endian 16-bit
// words, a zero pad for an odd length), at every alignment and for lengths
// around the word boundaries, with a running sum carried in.
TEST(Checksum, AgreesWithTheDefinitionAtEveryAlignment) {
  alignas(8) static uint8_t buf[1600];
  uint32_t seed = 12345;
  for (uint8_t& b : buf) b = uint8_t((seed = seed * 1103515245 + 12345) >> 16);
  auto reference = [](uint32_t sum, const uint8_t* p, size_t n) {
    uint64_t acc = sum;
    for (size_t i = 0; i < n; i += 2) acc += (uint32_t(p[i]) << 8) | (i + 1 < n ? p[i + 1] : 0);
    while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
    return uint16_t(~acc);
  };
  for (size_t n : {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65, 1459, 1460, 1480}) {
    for (size_t align = 0; align < 8; ++align) {
      for (uint32_t sum : {0u, 0x1234u, 0xfffe0001u}) {
        ASSERT_EQ(checksum_finish(checksum_add(sum, ByteSpan{buf + align, n})),
                  reference(sum, buf + align, n))
            << n << " bytes at +" << align << ", sum " << sum;
      }
    }
  }
  // All ones: the carries wrap around in every lane.
  static uint8_t ones[1500];
  for (uint8_t& b : ones) b = 0xff;
  for (size_t align = 0; align < 8; ++align) {
    EXPECT_EQ(checksum_finish(checksum_add(0, ByteSpan{ones + align, 1400})), reference(0, ones + align, 1400));
  }
}

TEST(Bytes, ReaderStopsAtEnd) {
  const uint8_t data[] = {1, 2, 3};
  Reader r(ByteSpan{data, 3});
  EXPECT_EQ(r.be16(), 0x0102);
  EXPECT_EQ(r.be16(), 0);  // only one byte left: fails, reads nothing
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.u8(), 0);  // sticky
}

TEST(Bytes, SubClamps) {
  const uint8_t data[] = {1, 2, 3};
  ByteSpan s{data, 3};
  EXPECT_EQ(s.sub(2, 100).size, 1u);
  EXPECT_EQ(s.sub(100).size, 0u);
}

TEST(Ethernet, RoundTrip) {
  uint8_t buf[64] = {};
  EthernetHeader h{kMacB, kMacA, kEtherTypeArp};
  auto n = emit_ethernet(h, MutByteSpan{buf, sizeof buf});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.value(), kEthernetHeaderSize);
  auto v = parse_ethernet(ByteSpan{buf, sizeof buf});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().header.dst, kMacB);
  EXPECT_EQ(v.value().header.src, kMacA);
  EXPECT_EQ(v.value().header.ethertype, kEtherTypeArp);
  EXPECT_EQ(v.value().payload.size, sizeof buf - kEthernetHeaderSize);
  expect_every_truncation_malformed(buf, sizeof buf, kEthernetHeaderSize, parse_ethernet);
}

TEST(Ethernet, Rejects8023LengthAndSmallBuffer) {
  uint8_t buf[20] = {};
  store_be16(buf + 12, 0x05dc);
  EXPECT_EQ(parse_ethernet(ByteSpan{buf, 20}).error(), Error::kNotSupported);
  EXPECT_EQ(emit_ethernet(EthernetHeader{}, MutByteSpan{buf, 13}).error(), Error::kRange);
}

TEST(Arp, RoundTrip) {
  ArpPacket p{ArpOperation::kReply, kMacA, kA, kMacB, kB};
  uint8_t buf[kArpPacketSize];
  ASSERT_EQ(emit_arp(p, MutByteSpan{buf, sizeof buf}).value_or(0), kArpPacketSize);
  auto v = parse_arp(ByteSpan{buf, sizeof buf});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().operation, ArpOperation::kReply);
  EXPECT_EQ(v.value().sender_mac, kMacA);
  EXPECT_EQ(v.value().sender_ip, kA);
  EXPECT_EQ(v.value().target_mac, kMacB);
  EXPECT_EQ(v.value().target_ip, kB);
  expect_every_truncation_malformed(buf, sizeof buf, kArpPacketSize, parse_arp);
}

TEST(Arp, RejectsOtherProtocolsAndLengths) {
  ArpPacket p{ArpOperation::kRequest, kMacA, kA, MacAddress{}, kB};
  uint8_t buf[kArpPacketSize];
  ASSERT_TRUE(emit_arp(p, MutByteSpan{buf, sizeof buf}).ok());
  buf[3] = 0xdd;  // ptype 0x08dd
  EXPECT_EQ(parse_arp(ByteSpan{buf, sizeof buf}).error(), Error::kNotSupported);
  buf[3] = 0x00;
  buf[4] = 8;  // hlen
  EXPECT_EQ(parse_arp(ByteSpan{buf, sizeof buf}).error(), Error::kMalformed);
  buf[4] = 6;
  buf[7] = 9;  // operation
  EXPECT_EQ(parse_arp(ByteSpan{buf, sizeof buf}).error(), Error::kNotSupported);
}

size_t make_ipv4(uint8_t* buf, size_t size, size_t payload_length) {
  Ipv4Header h;
  h.src = kA;
  h.dst = kB;
  h.protocol = kIpProtocolUdp;
  h.identification = 77;
  auto n = emit_ipv4(h, payload_length, MutByteSpan{buf, size});
  for (size_t i = 0; i < payload_length; ++i) buf[kIpv4HeaderSize + i] = uint8_t(i);
  return n.value() + payload_length;
}

TEST(Ipv4, RoundTripAndPaddingTrimmed) {
  uint8_t buf[64] = {};
  size_t n = make_ipv4(buf, sizeof buf, 10);
  // Parse with trailing link padding: the payload is still exactly 10 bytes.
  auto v = parse_ipv4(ByteSpan{buf, sizeof buf});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().header.src, kA);
  EXPECT_EQ(v.value().header.dst, kB);
  EXPECT_EQ(v.value().header.protocol, kIpProtocolUdp);
  EXPECT_EQ(v.value().header.identification, 77);
  EXPECT_FALSE(v.value().is_fragment);
  EXPECT_EQ(v.value().payload.size, 10u);
  EXPECT_EQ(v.value().payload.data[9], 9);
  expect_every_truncation_malformed(buf, n, n, parse_ipv4);
}

TEST(Ipv4, BadChecksumVersionAndLengths) {
  uint8_t buf[64] = {};
  size_t n = make_ipv4(buf, sizeof buf, 4);
  buf[8] ^= 1;  // TTL changed, checksum now wrong
  EXPECT_EQ(parse_ipv4(ByteSpan{buf, n}).error(), Error::kInvalidArgument);
  buf[8] ^= 1;
  buf[0] = 0x65;  // version 6
  EXPECT_EQ(parse_ipv4(ByteSpan{buf, n}).error(), Error::kMalformed);
  buf[0] = 0x44;  // IHL 4 < 5
  EXPECT_EQ(parse_ipv4(ByteSpan{buf, n}).error(), Error::kMalformed);
  buf[0] = 0x4f;  // IHL 15 > total length
  EXPECT_EQ(parse_ipv4(ByteSpan{buf, n}).error(), Error::kMalformed);
  buf[0] = 0x45;
  store_be16(buf + 2, 200);  // total length beyond the buffer
  EXPECT_EQ(parse_ipv4(ByteSpan{buf, n}).error(), Error::kMalformed);
}

// Rewrites a header field and fixes the checksum so only the field matters.
void patch_ipv4(uint8_t* buf, size_t offset, uint16_t value) {
  store_be16(buf + offset, value);
  store_be16(buf + 10, 0);
  store_be16(buf + 10, checksum_finish(checksum_add(0, ByteSpan{buf, (buf[0] & 0xfu) * 4u})));
}

TEST(Ipv4, FragmentsAreFlagged) {
  uint8_t buf[64] = {};
  size_t n = make_ipv4(buf, sizeof buf, 8);
  patch_ipv4(buf, 6, 0x2000);  // MF
  auto v = parse_ipv4(ByteSpan{buf, n});
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v.value().is_fragment);
  patch_ipv4(buf, 6, 0x0001);  // offset 8
  EXPECT_TRUE(parse_ipv4(ByteSpan{buf, n}).value().is_fragment);
}

TEST(Ipv4, OptionsAreSkipped) {
  uint8_t buf[64] = {};
  make_ipv4(buf, sizeof buf, 0);
  // IHL 6 with 4 option bytes (NOPs) and 4 bytes of payload.
  buf[0] = 0x46;
  for (int i = 20; i < 28; ++i) buf[i] = i < 24 ? 1 : 0xaa;
  patch_ipv4(buf, 2, 28);
  auto v = parse_ipv4(ByteSpan{buf, 28});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().payload.size, 4u);
  EXPECT_EQ(v.value().payload.data[0], 0xaa);
}

TEST(Icmp, EchoRoundTrip) {
  const uint8_t data[] = {'p', 'i', 'n', 'g', '!'};
  uint8_t buf[32];
  auto n = emit_icmp_echo(kIcmpEchoRequest, 0x1234, 7, ByteSpan{data, 5}, MutByteSpan{buf, 32});
  ASSERT_EQ(n.value_or(0), 13u);
  auto v = parse_icmp(ByteSpan{buf, 13});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().type, kIcmpEchoRequest);
  EXPECT_EQ(v.value().identifier, 0x1234);
  EXPECT_EQ(v.value().sequence, 7);
  EXPECT_EQ(v.value().data.size, 5u);
  expect_every_truncation_malformed(buf, 13, kIcmpHeaderSize, parse_icmp);
  buf[12] ^= 0xff;
  EXPECT_EQ(parse_icmp(ByteSpan{buf, 13}).error(), Error::kInvalidArgument);
  EXPECT_EQ(emit_icmp_echo(0, 0, 0, ByteSpan{data, 5}, MutByteSpan{buf, 12}).error(),
            Error::kRange);
}

TEST(Udp, RoundTripAndChecksum) {
  const uint8_t data[] = {1, 2, 3};
  uint8_t buf[32];
  auto n = emit_udp(1000, 53, ByteSpan{data, 3}, kA, kB, MutByteSpan{buf, 32});
  ASSERT_EQ(n.value_or(0), 11u);
  auto v = parse_udp(ByteSpan{buf, 11}, kA, kB);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().src_port, 1000);
  EXPECT_EQ(v.value().dst_port, 53);
  EXPECT_EQ(v.value().payload.size, 3u);
  // The pseudo-header counts: other addresses break the checksum.
  EXPECT_EQ(parse_udp(ByteSpan{buf, 11}, kB, kA).error(), Error::kInvalidArgument);
  expect_every_truncation_malformed(buf, 11, 11, [](ByteSpan s) { return parse_udp(s, kA, kB); });
}

TEST(Udp, ZeroChecksumMeansNoneAndLengthChecked) {
  uint8_t buf[16] = {};
  ASSERT_TRUE(emit_udp(1, 2, ByteSpan{}, kA, kB, MutByteSpan{buf, 16}).ok());
  store_be16(buf + 6, 0);
  EXPECT_TRUE(parse_udp(ByteSpan{buf, 8}, kB, kA).ok());
  store_be16(buf + 4, 7);  // length below the header size
  EXPECT_EQ(parse_udp(ByteSpan{buf, 8}, kA, kB).error(), Error::kMalformed);
  store_be16(buf + 4, 9);  // length beyond the buffer
  EXPECT_EQ(parse_udp(ByteSpan{buf, 8}, kA, kB).error(), Error::kMalformed);
}

TEST(Tcp, RoundTripWithMss) {
  TcpHeader h;
  h.src_port = 40000;
  h.dst_port = 8080;
  h.seq = 0xfffffff0;
  h.ack = 5;
  h.flags = kTcpSyn | kTcpAck;
  h.window = 8192;
  h.mss = 1460;
  const uint8_t data[] = {'h', 'i'};
  uint8_t buf[64];
  auto n = emit_tcp(h, ByteSpan{data, 2}, kA, kB, MutByteSpan{buf, 64});
  ASSERT_EQ(n.value_or(0), 26u);
  auto v = parse_tcp(ByteSpan{buf, 26}, kA, kB);
  ASSERT_TRUE(v.ok());
  const TcpHeader& p = v.value().header;
  EXPECT_EQ(p.src_port, 40000);
  EXPECT_EQ(p.dst_port, 8080);
  EXPECT_EQ(p.seq, 0xfffffff0u);
  EXPECT_EQ(p.ack, 5u);
  EXPECT_EQ(p.flags, kTcpSyn | kTcpAck);
  EXPECT_EQ(p.window, 8192);
  EXPECT_EQ(p.mss, 1460);
  EXPECT_EQ(v.value().payload.size, 2u);
  EXPECT_EQ(v.value().seq_length(), 3u);
  expect_every_truncation_malformed(buf, 26, 24,
                                    [](ByteSpan s) { return parse_tcp(s, kA, kB); });
  EXPECT_EQ(parse_tcp(ByteSpan{buf, 26}, kA, kA).error(), Error::kInvalidArgument);
}

// Builds a segment with raw option bytes and a correct checksum.
size_t make_tcp_with_options(uint8_t* buf, const uint8_t* options, size_t options_length) {
  size_t length = kTcpHeaderSize + options_length;
  bytes_fill(buf, 0, length);
  buf[12] = uint8_t((length / 4) << 4);
  bytes_copy(buf + kTcpHeaderSize, options, options_length);
  uint32_t sum = pseudo_header_sum(kA, kB, kIpProtocolTcp, uint16_t(length));
  store_be16(buf + 16, checksum_finish(checksum_add(sum, ByteSpan{buf, length})));
  return length;
}

TEST(Tcp, OptionsSkippedOrRejected) {
  uint8_t buf[64];
  const uint8_t good[] = {1, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 2, 4, 0x05, 0xb4, 0, 0, 0, 0, 0};
  size_t n = make_tcp_with_options(buf, good, sizeof good);
  auto v = parse_tcp(ByteSpan{buf, n}, kA, kB);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().header.mss, 1460);

  const uint8_t runs_past_end[] = {8, 10, 0, 0};
  n = make_tcp_with_options(buf, runs_past_end, sizeof runs_past_end);
  EXPECT_EQ(parse_tcp(ByteSpan{buf, n}, kA, kB).error(), Error::kMalformed);
  const uint8_t zero_length[] = {8, 0, 0, 0};
  n = make_tcp_with_options(buf, zero_length, sizeof zero_length);
  EXPECT_EQ(parse_tcp(ByteSpan{buf, n}, kA, kB).error(), Error::kMalformed);
  const uint8_t bad_mss[] = {2, 3, 0, 0};
  n = make_tcp_with_options(buf, bad_mss, sizeof bad_mss);
  EXPECT_EQ(parse_tcp(ByteSpan{buf, n}, kA, kB).error(), Error::kMalformed);
}

TEST(Tcp, WindowScaleOptionRoundTrip) {
  TcpHeader h;
  h.src_port = 1;
  h.dst_port = 2;
  h.flags = kTcpSyn;
  h.mss = 1460;
  h.window_scale = 7;
  uint8_t buf[64];
  auto n = emit_tcp(h, ByteSpan{}, kA, kB, MutByteSpan{buf, 64});
  ASSERT_EQ(n.value_or(0), 28u);  // MSS (4) + NOP, window scale (4)
  auto v = parse_tcp(ByteSpan{buf, 28}, kA, kB);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().header.mss, 1460);
  EXPECT_EQ(v.value().header.window_scale, 7);

  h.mss = 0;
  h.window_scale = -1;
  auto plain = emit_tcp(h, ByteSpan{}, kA, kB, MutByteSpan{buf, 64});
  ASSERT_EQ(plain.value_or(0), 20u);
  EXPECT_EQ(parse_tcp(ByteSpan{buf, 20}, kA, kB).value().header.window_scale, -1);

  const uint8_t bad_length[] = {3, 4, 7, 0};
  size_t m = make_tcp_with_options(buf, bad_length, sizeof bad_length);
  EXPECT_EQ(parse_tcp(ByteSpan{buf, m}, kA, kB).error(), Error::kMalformed);
}

TEST(Tcp, DataOffsetChecked) {
  uint8_t buf[40];
  size_t n = make_tcp_with_options(buf, nullptr, 0);
  buf[12] = 0x40;  // 16 bytes < 20
  EXPECT_EQ(parse_tcp(ByteSpan{buf, n}, kA, kB).error(), Error::kMalformed);
  buf[12] = 0xf0;  // 60 bytes > 20
  EXPECT_EQ(parse_tcp(ByteSpan{buf, n}, kA, kB).error(), Error::kMalformed);
}

DhcpMessage make_offer() {
  DhcpMessage m;
  m.op = 2;
  m.xid = 0xdeadbeef;
  m.yiaddr = kA;
  m.chaddr = kMacA;
  m.type = DhcpMessageType::kOffer;
  m.subnet_mask = Ipv4Address::from(255, 255, 255, 0);
  m.router = kB;
  m.dns = Ipv4Address::from(10, 0, 2, 3);
  m.lease_seconds = 86400;
  m.server_id = kB;
  m.client_id[0] = 1;
  bytes_copy(m.client_id + 1, kMacA.bytes, 6);
  m.client_id_length = 7;
  m.params[0] = 1;
  m.params[1] = 3;
  m.params_length = 2;
  m.requested_ip = kA;
  return m;
}

TEST(Dhcp, RoundTripAllOptions) {
  uint8_t buf[400];
  auto n = emit_dhcp(make_offer(), MutByteSpan{buf, sizeof buf});
  ASSERT_TRUE(n.ok());
  auto v = parse_dhcp(ByteSpan{buf, n.value()});
  ASSERT_TRUE(v.ok());
  const DhcpMessage& m = v.value();
  EXPECT_EQ(m.op, 2);
  EXPECT_EQ(m.xid, 0xdeadbeefu);
  EXPECT_EQ(m.yiaddr, kA);
  EXPECT_EQ(m.chaddr, kMacA);
  EXPECT_EQ(m.type, DhcpMessageType::kOffer);
  EXPECT_EQ(m.subnet_mask, Ipv4Address::from(255, 255, 255, 0));
  EXPECT_EQ(m.router, kB);
  EXPECT_EQ(m.dns, Ipv4Address::from(10, 0, 2, 3));
  EXPECT_EQ(m.lease_seconds, 86400u);
  EXPECT_EQ(m.server_id, kB);
  EXPECT_EQ(m.requested_ip, kA);
  EXPECT_EQ(m.client_id_length, 7);
  EXPECT_EQ(m.client_id[1], kMacA.bytes[0]);
  EXPECT_EQ(m.params_length, 2);
  expect_every_truncation_malformed(buf, n.value(), n.value(), parse_dhcp);
}

TEST(Dhcp, RejectsBadCookieOptionLengthsAndMissingEnd) {
  uint8_t buf[400];
  size_t n = emit_dhcp(make_offer(), MutByteSpan{buf, sizeof buf}).value();
  buf[236] = 0;  // cookie
  EXPECT_EQ(parse_dhcp(ByteSpan{buf, n}).error(), Error::kMalformed);
  buf[236] = 0x63;
  ASSERT_EQ(buf[240], 53);
  buf[241] = 2;  // message type of length 2
  EXPECT_EQ(parse_dhcp(ByteSpan{buf, n}).error(), Error::kMalformed);
  buf[241] = 200;  // option runs past the end
  EXPECT_EQ(parse_dhcp(ByteSpan{buf, n}).error(), Error::kMalformed);
  buf[241] = 1;
  EXPECT_EQ(parse_dhcp(ByteSpan{buf, n - 1}).error(), Error::kMalformed);  // no End
  buf[1] = 6;  // htype IEEE 802
  EXPECT_EQ(parse_dhcp(ByteSpan{buf, n}).error(), Error::kNotSupported);
}

TEST(Wire, EmitIntoTooSmallBufferIsRange) {
  uint8_t buf[8];
  EXPECT_EQ(emit_arp(ArpPacket{}, MutByteSpan{buf, 8}).error(), Error::kRange);
  EXPECT_EQ(emit_ipv4(Ipv4Header{}, 0, MutByteSpan{buf, 8}).error(), Error::kRange);
  EXPECT_EQ(emit_tcp(TcpHeader{}, ByteSpan{}, kA, kB, MutByteSpan{buf, 8}).error(),
            Error::kRange);
  EXPECT_EQ(emit_udp(1, 2, ByteSpan{buf, 1}, kA, kB, MutByteSpan{buf, 8}).error(), Error::kRange);
  EXPECT_EQ(emit_dhcp(DhcpMessage{}, MutByteSpan{buf, 8}).error(), Error::kRange);
}

}  // namespace
}  // namespace akuma::net
