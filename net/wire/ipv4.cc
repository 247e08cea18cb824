#include "net/wire/ipv4.h"

#include "net/wire/checksum.h"

namespace akuma::net {

Result<Ipv4View> parse_ipv4(ByteSpan bytes) {
  Reader r(bytes);
  uint8_t version_ihl = r.u8();
  uint8_t dscp_ecn = r.u8();
  uint16_t total_length = r.be16();
  uint16_t identification = r.be16();
  uint16_t flags_fragment = r.be16();
  uint8_t ttl = r.u8();
  uint8_t protocol = r.u8();
  r.skip(2);  // checksum: verified over the whole header below
  uint32_t src = r.be32();
  uint32_t dst = r.be32();
  if (!r.ok()) return Error::kMalformed;

  if ((version_ihl >> 4) != 4) return Error::kMalformed;
  size_t header_length = size_t(version_ihl & 0xf) * 4;
  if (header_length < kIpv4HeaderSize) return Error::kMalformed;
  // Ethernet pads short frames, so the buffer may be longer than the packet,
  // never shorter.
  if (total_length < header_length || total_length > bytes.size) return Error::kMalformed;
  if (checksum_finish(checksum_add(0, bytes.sub(0, header_length))) != 0) {
    return Error::kInvalidArgument;  // bad checksum: distinct from truncation
  }

  Ipv4View v;
  v.header.src.value = src;
  v.header.dst.value = dst;
  v.header.protocol = protocol;
  v.header.ttl = ttl;
  v.header.identification = identification;
  v.header.dscp_ecn = dscp_ecn;
  constexpr uint16_t kMoreFragments = 0x2000;
  constexpr uint16_t kOffsetMask = 0x1fff;
  v.is_fragment = (flags_fragment & (kMoreFragments | kOffsetMask)) != 0;
  v.payload = bytes.sub(header_length, total_length - header_length);
  return v;
}

Result<size_t> emit_ipv4(const Ipv4Header& h, size_t payload_length, MutByteSpan out) {
  if (payload_length > 0xffff - kIpv4HeaderSize) return Error::kRange;
  Writer w(out);
  w.u8(0x45);
  w.u8(h.dscp_ecn);
  w.be16(uint16_t(kIpv4HeaderSize + payload_length));
  w.be16(h.identification);
  w.be16(0x4000);  // DF: we never fragment
  w.u8(h.ttl);
  w.u8(h.protocol);
  w.be16(0);  // checksum, filled below
  w.be32(h.src.value);
  w.be32(h.dst.value);
  if (!w.ok()) return Error::kRange;
  uint16_t sum = checksum_finish(checksum_add(0, ByteSpan{out.data, kIpv4HeaderSize}));
  store_be16(out.data + 10, sum);
  return kIpv4HeaderSize;
}

}  // namespace akuma::net
