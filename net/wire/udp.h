// UDP (RFC 768). A zero checksum means "none" and is accepted; any other
// value is verified with the IPv4 pseudo-header.
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

inline constexpr size_t kUdpHeaderSize = 8;

struct UdpView {
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  ByteSpan payload;  // exactly length - 8 bytes
};

// `bytes` is the IPv4 payload; src/dst are the IPv4 addresses.
Result<UdpView> parse_udp(ByteSpan bytes, Ipv4Address src, Ipv4Address dst);

// Writes header and payload; returns the datagram size.
Result<size_t> emit_udp(uint16_t src_port, uint16_t dst_port, ByteSpan payload,
                        Ipv4Address src, Ipv4Address dst, MutByteSpan out);

// Writes the header and checksum for `payload_length` bytes of payload that
// already sit right after the header in `out` (no copy); returns the size.
Result<size_t> emit_udp_header(uint16_t src_port, uint16_t dst_port, size_t payload_length,
                               Ipv4Address src, Ipv4Address dst, MutByteSpan out);

}  // namespace akuma::net
