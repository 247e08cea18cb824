// DHCP messages (RFC 2131/2132), enough for a client: the BOOTP fixed part,
// the magic cookie and options 53, 1, 3, 6, 51, 54, 50, 61 and 55. Other
// options are skipped; option overloading (52) is not supported.
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

inline constexpr uint16_t kDhcpServerPort = 67;
inline constexpr uint16_t kDhcpClientPort = 68;
inline constexpr size_t kDhcpFixedSize = 240;  // BOOTP fixed part + cookie

enum class DhcpMessageType : uint8_t {
  kNone = 0,  // option 53 absent: plain BOOTP, which we ignore
  kDiscover = 1,
  kOffer = 2,
  kRequest = 3,
  kDecline = 4,
  kAck = 5,
  kNak = 6,
  kRelease = 7,
};

struct DhcpMessage {
  uint8_t op = 1;  // 1 = BOOTREQUEST, 2 = BOOTREPLY
  uint32_t xid = 0;
  uint16_t flags = 0;  // 0x8000: reply by broadcast
  Ipv4Address ciaddr, yiaddr, siaddr;
  MacAddress chaddr;
  // Options; an "any" address or 0 means absent.
  DhcpMessageType type = DhcpMessageType::kNone;  // 53
  Ipv4Address subnet_mask;                        // 1
  Ipv4Address router;                             // 3 (first)
  Ipv4Address dns;                                // 6 (first)
  uint32_t lease_seconds = 0;                     // 51
  Ipv4Address server_id;                          // 54
  Ipv4Address requested_ip;                       // 50
  uint8_t client_id[16] = {};                     // 61
  uint8_t client_id_length = 0;
  uint8_t params[16] = {};  // 55
  uint8_t params_length = 0;
};

Result<DhcpMessage> parse_dhcp(ByteSpan bytes);

// Writes the message with every option that is present; returns its size.
Result<size_t> emit_dhcp(const DhcpMessage& message, MutByteSpan out);

}  // namespace akuma::net
