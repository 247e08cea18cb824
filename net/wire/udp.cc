#include "net/wire/udp.h"

#include "net/wire/checksum.h"
#include "net/wire/ipv4.h"

namespace akuma::net {

Result<UdpView> parse_udp(ByteSpan bytes, Ipv4Address src, Ipv4Address dst) {
  Reader r(bytes);
  UdpView v;
  v.src_port = r.be16();
  v.dst_port = r.be16();
  uint16_t length = r.be16();
  uint16_t checksum = r.be16();
  if (!r.ok()) return Error::kMalformed;
  if (length < kUdpHeaderSize || length > bytes.size) return Error::kMalformed;
  if (checksum != 0) {
    uint32_t sum = pseudo_header_sum(src, dst, kIpProtocolUdp, length);
    if (checksum_finish(checksum_add(sum, bytes.sub(0, length))) != 0) {
      return Error::kInvalidArgument;
    }
  }
  v.payload = bytes.sub(kUdpHeaderSize, length - kUdpHeaderSize);
  return v;
}

Result<size_t> emit_udp_header(uint16_t src_port, uint16_t dst_port, size_t payload_length,
                               Ipv4Address src, Ipv4Address dst, MutByteSpan out) {
  size_t length = kUdpHeaderSize + payload_length;
  if (length > 0xffff) return Error::kRange;
  if (out.size < length) return Error::kRange;
  Writer w(out);
  w.be16(src_port);
  w.be16(dst_port);
  w.be16(uint16_t(length));
  w.be16(0);
  uint32_t sum = pseudo_header_sum(src, dst, kIpProtocolUdp, uint16_t(length));
  uint16_t checksum = checksum_finish(checksum_add(sum, ByteSpan{out.data, length}));
  // 0 on the wire means "no checksum", so a computed 0 is sent as 0xffff.
  store_be16(out.data + 6, checksum == 0 ? 0xffff : checksum);
  return length;
}

Result<size_t> emit_udp(uint16_t src_port, uint16_t dst_port, ByteSpan payload,
                        Ipv4Address src, Ipv4Address dst, MutByteSpan out) {
  if (out.size < kUdpHeaderSize || payload.size > out.size - kUdpHeaderSize) return Error::kRange;
  bytes_copy(out.data + kUdpHeaderSize, payload.data, payload.size);
  return emit_udp_header(src_port, dst_port, payload.size, src, dst, out);
}

}  // namespace akuma::net
