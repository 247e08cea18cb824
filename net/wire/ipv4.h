// IPv4 headers (RFC 791). Options are skipped, never interpreted. Fragments
// parse successfully but are flagged so the interface can drop and count them
// (we do not reassemble).
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

inline constexpr size_t kIpv4HeaderSize = 20;  // without options

enum IpProtocol : uint8_t {
  kIpProtocolIcmp = 1,
  kIpProtocolTcp = 6,
  kIpProtocolUdp = 17,
};

struct Ipv4Header {
  Ipv4Address src;
  Ipv4Address dst;
  uint8_t protocol = 0;
  uint8_t ttl = 64;
  uint16_t identification = 0;
  uint8_t dscp_ecn = 0;
};

struct Ipv4View {
  Ipv4Header header;
  bool is_fragment = false;  // MF set or non-zero fragment offset
  ByteSpan payload;          // exactly total_length - header length bytes
};

// Verifies version, lengths and the header checksum.
Result<Ipv4View> parse_ipv4(ByteSpan bytes);

// Writes a 20-byte header (DF set) for a payload of `payload_length` bytes
// that the caller places right after it. Returns the header size.
Result<size_t> emit_ipv4(const Ipv4Header& header, size_t payload_length, MutByteSpan out);

}  // namespace akuma::net
