// ICMPv4 (RFC 792). We only act on echo request/reply; other types parse so
// they can be counted, with their body left uninterpreted.
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/bytes.h"

namespace akuma::net {

inline constexpr size_t kIcmpHeaderSize = 8;

enum IcmpType : uint8_t {
  kIcmpEchoReply = 0,
  kIcmpDestinationUnreachable = 3,
  kIcmpEchoRequest = 8,
};

struct IcmpView {
  uint8_t type = 0;
  uint8_t code = 0;
  uint16_t identifier = 0;  // echo only: the 4 bytes after the checksum
  uint16_t sequence = 0;    // echo only
  ByteSpan data;            // bytes after the 8-byte header
};

// Verifies the checksum over the whole message.
Result<IcmpView> parse_icmp(ByteSpan bytes);

// Writes an echo request or reply with `data` as payload; returns its size.
Result<size_t> emit_icmp_echo(uint8_t type, uint16_t identifier, uint16_t sequence,
                              ByteSpan data, MutByteSpan out);

}  // namespace akuma::net
