#include "net/wire/arp.h"

namespace akuma::net {

namespace {
constexpr uint16_t kHardwareEthernet = 1;
constexpr uint16_t kProtocolIpv4 = 0x0800;
}  // namespace

Result<ArpPacket> parse_arp(ByteSpan bytes) {
  Reader r(bytes);
  uint16_t htype = r.be16();
  uint16_t ptype = r.be16();
  uint8_t hlen = r.u8();
  uint8_t plen = r.u8();
  uint16_t op = r.be16();
  ArpPacket p;
  r.bytes(p.sender_mac.bytes, 6);
  p.sender_ip.value = r.be32();
  r.bytes(p.target_mac.bytes, 6);
  p.target_ip.value = r.be32();
  if (!r.ok()) return Error::kMalformed;
  if (htype != kHardwareEthernet || ptype != kProtocolIpv4) return Error::kNotSupported;
  if (hlen != 6 || plen != 4) return Error::kMalformed;
  if (op != 1 && op != 2) return Error::kNotSupported;
  p.operation = static_cast<ArpOperation>(op);
  return p;
}

Result<size_t> emit_arp(const ArpPacket& p, MutByteSpan out) {
  Writer w(out);
  w.be16(kHardwareEthernet);
  w.be16(kProtocolIpv4);
  w.u8(6);
  w.u8(4);
  w.be16(static_cast<uint16_t>(p.operation));
  w.bytes(p.sender_mac.bytes, 6);
  w.be32(p.sender_ip.value);
  w.bytes(p.target_mac.bytes, 6);
  w.be32(p.target_ip.value);
  if (!w.ok()) return Error::kRange;
  return w.position();
}

}  // namespace akuma::net
