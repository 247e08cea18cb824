// ARP for IPv4 over Ethernet (RFC 826). Other hardware/protocol pairs are
// rejected as kNotSupported.
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

inline constexpr size_t kArpPacketSize = 28;

enum class ArpOperation : uint16_t { kRequest = 1, kReply = 2 };

struct ArpPacket {
  ArpOperation operation = ArpOperation::kRequest;
  MacAddress sender_mac;
  Ipv4Address sender_ip;
  MacAddress target_mac;
  Ipv4Address target_ip;
};

Result<ArpPacket> parse_arp(ByteSpan bytes);
Result<size_t> emit_arp(const ArpPacket& packet, MutByteSpan out);

}  // namespace akuma::net
