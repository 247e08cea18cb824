#include "net/wire/icmp.h"

#include "net/wire/checksum.h"

namespace akuma::net {

Result<IcmpView> parse_icmp(ByteSpan bytes) {
  Reader r(bytes);
  IcmpView v;
  v.type = r.u8();
  v.code = r.u8();
  r.skip(2);
  v.identifier = r.be16();
  v.sequence = r.be16();
  if (!r.ok()) return Error::kMalformed;
  if (checksum_finish(checksum_add(0, bytes)) != 0) return Error::kInvalidArgument;
  v.data = bytes.sub(kIcmpHeaderSize);
  return v;
}

Result<size_t> emit_icmp_echo(uint8_t type, uint16_t identifier, uint16_t sequence,
                              ByteSpan data, MutByteSpan out) {
  Writer w(out);
  w.u8(type);
  w.u8(0);
  w.be16(0);
  w.be16(identifier);
  w.be16(sequence);
  w.bytes(data.data, data.size);
  if (!w.ok()) return Error::kRange;
  store_be16(out.data + 2, checksum_finish(checksum_add(0, ByteSpan{out.data, w.position()})));
  return w.position();
}

}  // namespace akuma::net
