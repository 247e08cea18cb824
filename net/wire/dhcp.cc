#include "net/wire/dhcp.h"

namespace akuma::net {

namespace {

constexpr uint32_t kMagicCookie = 0x63825363;

enum Option : uint8_t {
  kPad = 0,
  kSubnetMask = 1,
  kRouter = 3,
  kDns = 6,
  kRequestedIp = 50,
  kLeaseTime = 51,
  kMessageType = 53,
  kServerId = 54,
  kParamList = 55,
  kClientId = 61,
  kEnd = 255,
};

// Copies a variable-length option into a fixed field, truncating what does
// not fit (we only ever compare our own client id, which fits).
void copy_option(ByteSpan value, uint8_t* field, uint8_t* field_length, size_t capacity) {
  size_t n = value.size < capacity ? value.size : capacity;
  bytes_copy(field, value.data, n);
  *field_length = uint8_t(n);
}

bool parse_option(uint8_t code, ByteSpan value, DhcpMessage* m) {
  auto address = [&](Ipv4Address* out) {
    if (value.size < 4) return false;  // lists (3, 6): the first entry counts
    out->value = load_be32(value.data);
    return true;
  };
  switch (code) {
    case kMessageType:
      if (value.size != 1) return false;
      m->type = static_cast<DhcpMessageType>(value.data[0]);
      return true;
    case kSubnetMask: return value.size == 4 && address(&m->subnet_mask);
    case kRouter: return value.size % 4 == 0 && address(&m->router);
    case kDns: return value.size % 4 == 0 && address(&m->dns);
    case kServerId: return value.size == 4 && address(&m->server_id);
    case kRequestedIp: return value.size == 4 && address(&m->requested_ip);
    case kLeaseTime:
      if (value.size != 4) return false;
      m->lease_seconds = load_be32(value.data);
      return true;
    case kClientId:
      if (value.size < 2) return false;
      copy_option(value, m->client_id, &m->client_id_length, sizeof(m->client_id));
      return true;
    case kParamList:
      copy_option(value, m->params, &m->params_length, sizeof(m->params));
      return true;
    default:
      return true;  // unknown options are skipped
  }
}

void put_address(Writer& w, uint8_t code, Ipv4Address a) {
  if (a.is_any()) return;
  w.u8(code);
  w.u8(4);
  w.be32(a.value);
}

}  // namespace

Result<DhcpMessage> parse_dhcp(ByteSpan bytes) {
  Reader r(bytes);
  DhcpMessage m;
  m.op = r.u8();
  uint8_t htype = r.u8();
  uint8_t hlen = r.u8();
  r.skip(1);  // hops
  m.xid = r.be32();
  r.skip(2);  // secs
  m.flags = r.be16();
  m.ciaddr.value = r.be32();
  m.yiaddr.value = r.be32();
  m.siaddr.value = r.be32();
  r.skip(4);  // giaddr
  r.bytes(m.chaddr.bytes, 6);
  r.skip(10 + 64 + 128);  // chaddr padding, sname, file
  uint32_t cookie = r.be32();
  if (!r.ok()) return Error::kMalformed;
  if (m.op != 1 && m.op != 2) return Error::kMalformed;
  if (cookie != kMagicCookie) return Error::kMalformed;
  if (htype != 1 || hlen != 6) return Error::kNotSupported;

  while (r.remaining() > 0) {
    uint8_t code = r.u8();
    if (code == kPad) continue;
    if (code == kEnd) return m;
    uint8_t length = r.u8();
    ByteSpan value = r.span(length);
    if (!r.ok() || !parse_option(code, value, &m)) return Error::kMalformed;
  }
  // Running out of bytes without an End option: RFC 2131 requires End.
  return Error::kMalformed;
}

Result<size_t> emit_dhcp(const DhcpMessage& m, MutByteSpan out) {
  Writer w(out);
  w.u8(m.op);
  w.u8(1);  // Ethernet
  w.u8(6);
  w.u8(0);
  w.be32(m.xid);
  w.be16(0);
  w.be16(m.flags);
  w.be32(m.ciaddr.value);
  w.be32(m.yiaddr.value);
  w.be32(m.siaddr.value);
  w.be32(0);
  w.bytes(m.chaddr.bytes, 6);
  w.zeros(10 + 64 + 128);
  w.be32(kMagicCookie);
  if (m.type != DhcpMessageType::kNone) {
    w.u8(kMessageType);
    w.u8(1);
    w.u8(static_cast<uint8_t>(m.type));
  }
  put_address(w, kSubnetMask, m.subnet_mask);
  put_address(w, kRouter, m.router);
  put_address(w, kDns, m.dns);
  put_address(w, kRequestedIp, m.requested_ip);
  put_address(w, kServerId, m.server_id);
  if (m.lease_seconds != 0) {
    w.u8(kLeaseTime);
    w.u8(4);
    w.be32(m.lease_seconds);
  }
  if (m.client_id_length != 0) {
    w.u8(kClientId);
    w.u8(m.client_id_length);
    w.bytes(m.client_id, m.client_id_length);
  }
  if (m.params_length != 0) {
    w.u8(kParamList);
    w.u8(m.params_length);
    w.bytes(m.params, m.params_length);
  }
  w.u8(kEnd);
  if (!w.ok()) return Error::kRange;
  return w.position();
}

}  // namespace akuma::net
