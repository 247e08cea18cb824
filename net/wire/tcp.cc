#include "net/wire/tcp.h"

#include "net/wire/checksum.h"
#include "net/wire/ipv4.h"

namespace akuma::net {

namespace {

constexpr uint8_t kOptionEnd = 0;
constexpr uint8_t kOptionNop = 1;
constexpr uint8_t kOptionMss = 2;
constexpr uint8_t kOptionWindowScale = 3;

// Walks the option bytes; returns false on an option that runs past the
// header or has an impossible length.
bool parse_options(ByteSpan options, TcpHeader* header) {
  Reader r(options);
  while (r.remaining() > 0) {
    uint8_t kind = r.u8();
    if (kind == kOptionEnd) return true;
    if (kind == kOptionNop) continue;
    uint8_t length = r.u8();
    if (!r.ok() || length < 2 || length - 2u > r.remaining()) return false;
    if (kind == kOptionMss) {
      if (length != 4) return false;
      header->mss = r.be16();
    } else if (kind == kOptionWindowScale) {
      if (length != 3) return false;
      header->window_scale = int8_t(r.u8() & 0x7f);  // clamped to 14 by the user (RFC 7323 2.3)
    } else {
      r.skip(length - 2u);
    }
  }
  return r.ok();
}

}  // namespace

Result<TcpView> parse_tcp(ByteSpan bytes, Ipv4Address src, Ipv4Address dst) {
  Reader r(bytes);
  TcpView v;
  v.header.src_port = r.be16();
  v.header.dst_port = r.be16();
  v.header.seq = r.be32();
  v.header.ack = r.be32();
  uint8_t offset = r.u8();
  v.header.flags = r.u8();
  v.header.window = r.be16();
  r.skip(2);  // checksum: verified over the whole segment below
  v.header.urgent = r.be16();
  if (!r.ok()) return Error::kMalformed;
  size_t header_length = size_t(offset >> 4) * 4;
  if (header_length < kTcpHeaderSize || header_length > bytes.size) return Error::kMalformed;
  if (bytes.size > 0xffff) return Error::kMalformed;
  uint32_t sum = pseudo_header_sum(src, dst, kIpProtocolTcp, uint16_t(bytes.size));
  if (checksum_finish(checksum_add(sum, bytes)) != 0) return Error::kInvalidArgument;
  if (!parse_options(bytes.sub(kTcpHeaderSize, header_length - kTcpHeaderSize), &v.header)) {
    return Error::kMalformed;
  }
  v.payload = bytes.sub(header_length);
  return v;
}

Result<size_t> emit_tcp(const TcpHeader& h, ByteSpan payload, Ipv4Address src,
                        Ipv4Address dst, MutByteSpan out) {
  size_t header_length = TRY(emit_tcp_header(h, payload.size, out));
  bytes_copy(out.data + header_length, payload.data, payload.size);
  MutByteSpan segment{out.data, header_length + payload.size};
  finish_tcp_checksum(segment, src, dst);
  return segment.size;
}

Result<size_t> emit_tcp_header(const TcpHeader& h, size_t payload_length, MutByteSpan out) {
  size_t header_length = kTcpHeaderSize + (h.mss != 0 ? 4 : 0) + (h.window_scale >= 0 ? 4 : 0);
  size_t length = header_length + payload_length;
  if (length > 0xffff || length > out.size) return Error::kRange;
  Writer w(out);
  w.be16(h.src_port);
  w.be16(h.dst_port);
  w.be32(h.seq);
  w.be32(h.ack);
  w.u8(uint8_t((header_length / 4) << 4));
  w.u8(h.flags);
  w.be16(h.window);
  w.be16(0);
  w.be16(h.urgent);
  if (h.mss != 0) {
    w.u8(kOptionMss);
    w.u8(4);
    w.be16(h.mss);
  }
  if (h.window_scale >= 0) {
    w.u8(kOptionNop);
    w.u8(kOptionWindowScale);
    w.u8(3);
    w.u8(uint8_t(h.window_scale));
  }
  if (!w.ok()) return Error::kRange;
  return header_length;
}

void finish_tcp_checksum(MutByteSpan segment, Ipv4Address src, Ipv4Address dst) {
  uint32_t sum = pseudo_header_sum(src, dst, kIpProtocolTcp, uint16_t(segment.size));
  store_be16(segment.data + 16, 0);
  store_be16(segment.data + 16, checksum_finish(checksum_add(sum, segment)));
}

}  // namespace akuma::net
