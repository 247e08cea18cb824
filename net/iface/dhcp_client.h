// The DHCP client state machine (RFC 2131 4.4), without I/O: it says which
// message to send and when, and digests the server's answers. The Interface
// carries the messages over UDP broadcast.
//
//   SELECTING --OFFER--> REQUESTING --ACK--> BOUND --T1--> REQUESTING (renew)
//       |  no answer after `attempts` tries          \--NAK--> SELECTING
//       v
//   FALLBACK (static configuration; the client stops)
#pragma once

#include "net/wire/address.h"
#include "net/wire/dhcp.h"

namespace akuma::net {

struct IpConfig {
  Ipv4Address address;
  Ipv4Address netmask;
  Ipv4Address gateway;
  Ipv4Address dns;
};

// QEMU's user network: what we use when DHCP does not answer.
inline constexpr IpConfig kFallbackIpConfig = {
    Ipv4Address::from(10, 0, 2, 15), Ipv4Address::from(255, 255, 255, 0),
    Ipv4Address::from(10, 0, 2, 2), Ipv4Address::from(10, 0, 2, 3)};

class DhcpClient {
 public:
  enum class State : uint8_t { kIdle, kSelecting, kRequesting, kBound, kFallback };

  DhcpClient(MacAddress mac, uint32_t attempts, uint64_t retry_ms)
      : mac_(mac), attempts_(attempts), retry_ms_(retry_ms) {}

  // Begins with DISCOVER; fills `out` with it.
  void start(uint64_t now_ms, uint32_t xid, DhcpMessage* out);
  // Timer work: true with `out` filled if a message is due.
  bool poll(uint64_t now_ms, DhcpMessage* out);
  // A message from a server; true with `out` filled if we must answer.
  bool on_message(const DhcpMessage& in, uint64_t now_ms, DhcpMessage* out);

  State state() const { return state_; }
  bool bound() const { return state_ == State::kBound; }
  const IpConfig& lease() const { return lease_; }
  uint64_t deadline() const { return deadline_ms_; }  // 0 = none

 private:
  DhcpMessage base(DhcpMessageType type) const;
  void make_request(DhcpMessage* out) const;

  MacAddress mac_;
  uint32_t attempts_;  // DISCOVERs (or REQUESTs) before giving up
  uint64_t retry_ms_;  // first retry interval; doubles every try

  // All guarded by the net lock.
  State state_ = State::kIdle;
  uint32_t xid_ = 0;
  uint32_t tries_ = 0;
  uint64_t deadline_ms_ = 0;
  Ipv4Address offered_;  // yiaddr of the OFFER we accepted
  Ipv4Address server_;   // its server identifier
  IpConfig lease_;
  uint64_t lease_end_ms_ = 0;
};

}  // namespace akuma::net
