// Ethernet II frames (no VLAN tags, no FCS: the NIC strips it).
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

inline constexpr size_t kEthernetHeaderSize = 14;
inline constexpr size_t kEthernetMtu = 1500;  // largest payload
inline constexpr size_t kEthernetMaxFrame = kEthernetHeaderSize + kEthernetMtu;

enum EtherType : uint16_t {
  kEtherTypeIpv4 = 0x0800,
  kEtherTypeArp = 0x0806,
};

struct EthernetHeader {
  MacAddress dst;
  MacAddress src;
  uint16_t ethertype = 0;
};

struct EthernetView {
  EthernetHeader header;
  ByteSpan payload;  // may include the link's minimum-size padding
};

Result<EthernetView> parse_ethernet(ByteSpan frame);

// Writes the 14-byte header at the start of `out`; returns its size.
Result<size_t> emit_ethernet(const EthernetHeader& header, MutByteSpan out);

}  // namespace akuma::net
