#include "net/iface/dhcp_client.h"

namespace akuma::net {

namespace {
constexpr uint64_t kDefaultLeaseSeconds = 3600;  // when the server names none
}  // namespace

DhcpMessage DhcpClient::base(DhcpMessageType type) const {
  DhcpMessage m;
  m.op = 1;
  m.xid = xid_;
  m.flags = 0x8000;  // we have no address yet: ask for broadcast replies
  m.chaddr = mac_;
  m.type = type;
  m.client_id[0] = 1;  // hardware type Ethernet, then the MAC (RFC 2132 9.14)
  bytes_copy(m.client_id + 1, mac_.bytes, 6);
  m.client_id_length = 7;
  const uint8_t params[] = {1, 3, 6, 51, 54};
  bytes_copy(m.params, params, sizeof params);
  m.params_length = sizeof params;
  return m;
}

void DhcpClient::make_request(DhcpMessage* out) const {
  *out = base(DhcpMessageType::kRequest);
  out->requested_ip = offered_;
  out->server_id = server_;
}

void DhcpClient::start(uint64_t now, uint32_t xid, DhcpMessage* out) {
  state_ = State::kSelecting;
  xid_ = xid;
  tries_ = 1;
  deadline_ms_ = now + retry_ms_;
  *out = base(DhcpMessageType::kDiscover);
}

bool DhcpClient::poll(uint64_t now, DhcpMessage* out) {
  if (deadline_ms_ == 0 || now < deadline_ms_) return false;
  switch (state_) {
    case State::kSelecting:
    case State::kRequesting:
      if (tries_ >= attempts_) {
        if (state_ == State::kRequesting && lease_end_ms_ > now) {
          // Renewal unanswered but the lease still runs: keep it, try later.
          tries_ = 0;
          deadline_ms_ = now + (lease_end_ms_ - now) / 2 + 1;
          return false;
        }
        state_ = State::kFallback;
        deadline_ms_ = 0;
        return false;
      }
      deadline_ms_ = now + (retry_ms_ << tries_);
      ++tries_;
      if (state_ == State::kSelecting) {
        *out = base(DhcpMessageType::kDiscover);
      } else {
        make_request(out);
      }
      return true;
    case State::kBound:
      if (now >= lease_end_ms_) {  // expired: start over
        start(now, xid_ + 1, out);
        return true;
      }
      // T1: renew (by broadcast, which every server on QEMU's net answers).
      state_ = State::kRequesting;
      tries_ = 1;
      deadline_ms_ = now + retry_ms_;
      make_request(out);
      return true;
    default:
      deadline_ms_ = 0;
      return false;
  }
}

bool DhcpClient::on_message(const DhcpMessage& in, uint64_t now, DhcpMessage* out) {
  if (in.op != 2 || in.xid != xid_ || in.chaddr != mac_) return false;
  if (state_ == State::kSelecting && in.type == DhcpMessageType::kOffer) {
    if (in.yiaddr.is_any() || in.server_id.is_any()) return false;
    offered_ = in.yiaddr;
    server_ = in.server_id;
    state_ = State::kRequesting;
    tries_ = 1;
    deadline_ms_ = now + retry_ms_;
    make_request(out);
    return true;
  }
  if (state_ != State::kRequesting) return false;
  if (in.type == DhcpMessageType::kNak) {
    start(now, xid_ + 1, out);
    return true;
  }
  if (in.type != DhcpMessageType::kAck || in.yiaddr != offered_) return false;
  lease_.address = in.yiaddr;
  lease_.netmask = in.subnet_mask.is_any() ? kFallbackIpConfig.netmask : in.subnet_mask;
  lease_.gateway = in.router;
  lease_.dns = in.dns;
  uint64_t seconds = in.lease_seconds != 0 ? in.lease_seconds : kDefaultLeaseSeconds;
  lease_end_ms_ = now + seconds * 1000;
  state_ = State::kBound;
  deadline_ms_ = now + seconds * 500;  // T1 = half the lease
  return false;
}

}  // namespace akuma::net
