// TCP segment headers (RFC 9293 section 3.1). Of the options MSS and the
// window scale (RFC 7323 2.2) are interpreted; the others are length-checked
// and skipped.
#pragma once

#include "kernel/lib/result.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

inline constexpr size_t kTcpHeaderSize = 20;     // without options
inline constexpr size_t kTcpMaxHeaderSize = 60;  // data offset 15

enum TcpFlags : uint8_t {
  kTcpFin = 0x01,
  kTcpSyn = 0x02,
  kTcpRst = 0x04,
  kTcpPsh = 0x08,
  kTcpAck = 0x10,
  kTcpUrg = 0x20,
};

struct TcpHeader {
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint8_t flags = 0;
  uint16_t window = 0;
  uint16_t urgent = 0;
  uint16_t mss = 0;  // MSS option value; 0 = option absent
  int8_t window_scale = -1;  // window scale option (shift count); -1 = absent
};

struct TcpView {
  TcpHeader header;
  ByteSpan payload;
  bool has(uint8_t flag) const { return (header.flags & flag) != 0; }
  // Sequence space the segment occupies: data plus one each for SYN and FIN.
  uint32_t seq_length() const {
    return uint32_t(payload.size) + (has(kTcpSyn) ? 1 : 0) + (has(kTcpFin) ? 1 : 0);
  }
};

// `bytes` is the whole IPv4 payload; the checksum is verified with the
// pseudo-header of src/dst.
Result<TcpView> parse_tcp(ByteSpan bytes, Ipv4Address src, Ipv4Address dst);

// Writes header (with the MSS option when header.mss != 0, the window scale
// option when header.window_scale >= 0) and payload, and the checksum;
// returns the segment size.
Result<size_t> emit_tcp(const TcpHeader& header, ByteSpan payload, Ipv4Address src,
                        Ipv4Address dst, MutByteSpan out);

// The same in two steps, for a payload written in place between them (the
// stack copies it straight from its send buffer): the header, with room for
// payload_length bytes behind it (kRange if out is too small); returns the
// header's size. Then, with the payload in place, the checksum.
Result<size_t> emit_tcp_header(const TcpHeader& header, size_t payload_length, MutByteSpan out);
void finish_tcp_checksum(MutByteSpan segment, Ipv4Address src, Ipv4Address dst);

}  // namespace akuma::net
