#include "net/wire/ethernet.h"

namespace akuma::net {

Result<EthernetView> parse_ethernet(ByteSpan frame) {
  Reader r(frame);
  EthernetView v;
  r.bytes(v.header.dst.bytes, 6);
  r.bytes(v.header.src.bytes, 6);
  v.header.ethertype = r.be16();
  if (!r.ok()) return Error::kMalformed;
  // Values below 0x0600 are 802.3 lengths, not EtherTypes: not Ethernet II.
  if (v.header.ethertype < 0x0600) return Error::kNotSupported;
  v.payload = frame.sub(kEthernetHeaderSize);
  return v;
}

Result<size_t> emit_ethernet(const EthernetHeader& header, MutByteSpan out) {
  Writer w(out);
  w.bytes(header.dst.bytes, 6);
  w.bytes(header.src.bytes, 6);
  w.be16(header.ethertype);
  if (!w.ok()) return Error::kRange;
  return w.position();
}

}  // namespace akuma::net
