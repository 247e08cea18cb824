#include "net/iface/interface.h"

#include "net/wire/arp.h"
#include "net/wire/icmp.h"
#include "net/wire/udp.h"

namespace akuma::net {

Interface::Interface(NetDevice* device, const InterfaceOptions& options, uint64_t now)
    : device_(device),
      options_(options),
      mac_(device != nullptr ? device->mac() : MacAddress{}),
      arp_(options.arp_lifetime_ms),
      dhcp_(mac_, options.dhcp_attempts, options.dhcp_retry_ms),
      tcp_(this, options.tcp),
      local_(*new ByteRing<kLocalQueueBytes>) {
  last_now_ms_ = now;
  if (device == nullptr) {
    options_.use_dhcp = false;  // loopback only: no address of our own
    return;
  }
  if (!options.use_dhcp) {
    apply(options.static_config);
    return;
  }
  // The transaction id only has to differ between clients on one link.
  uint32_t xid = load_be32(mac_.bytes + 2) ^ uint32_t(now);
  DhcpMessage discover;
  dhcp_.start(now, xid, &discover);
  send_dhcp(discover, now);
}

Interface::~Interface() { delete &local_; }

void Interface::apply(const IpConfig& config) {
  config_ = config;
  arp_.clear();
}

// ---------------------------------------------------------------- receive

void Interface::receive(const uint8_t* frame, size_t length, uint64_t now) {
  last_now_ms_ = now;
  ++counters_.rx_packets;
  counters_.rx_bytes += length;
  if (device_ == nullptr) {
    drop(DropReason::kNotForUs);  // no link to have received it from
    return;
  }
  auto eth = parse_ethernet(ByteSpan{frame, length});
  if (!eth.ok()) {
    drop(eth.error() == Error::kNotSupported ? DropReason::kUnknownEtherType
                                             : DropReason::kMalformed);
    return;
  }
  const EthernetHeader& h = eth.value().header;
  if (h.dst != mac_ && !h.dst.is_broadcast()) {
    drop(DropReason::kNotForUs);  // includes multicast: we join no groups
    return;
  }
  switch (h.ethertype) {
    case kEtherTypeArp: handle_arp(eth.value().payload, now); return;
    case kEtherTypeIpv4: handle_ipv4(eth.value().payload, now, false); return;
    default: drop(DropReason::kUnknownEtherType); return;
  }
}

void Interface::handle_arp(ByteSpan payload, uint64_t now) {
  auto parsed = parse_arp(payload);
  if (!parsed.ok()) {
    drop(parsed.error() == Error::kNotSupported ? DropReason::kUnsupported
                                                : DropReason::kMalformed);
    return;
  }
  const ArpPacket& p = parsed.value();
  bool for_us = configured() && p.target_ip == config_.address;
  // RFC 826: refresh a mapping we already have; learn one when addressed.
  if (!p.sender_ip.is_any() && (for_us || arp_.contains(p.sender_ip, now))) {
    arp_.insert(p.sender_ip, p.sender_mac, now);
    flush_pending(p.sender_ip, p.sender_mac);
  }
  if (!for_us) {
    drop(DropReason::kNotForUs);
    return;
  }
  if (p.operation == ArpOperation::kRequest) {
    send_arp(ArpOperation::kReply, p.sender_mac, p.sender_ip);
  }
}

bool Interface::is_local_address(Ipv4Address a) const {
  return a.is_loopback() || (configured() && a == config_.address);
}

Result<Ipv4Address> Interface::source_address(Ipv4Address dst) const {
  if (dst.is_loopback()) return Ipv4Address::loopback();
  if (device_ == nullptr || !configured()) return Error::kNetworkUnreachable;
  return config_.address;
}

bool Interface::accepts(Ipv4Address dst, uint8_t protocol, bool local) const {
  if (local) return is_local_address(dst);
  if (!configured()) return protocol == kIpProtocolUdp;  // DHCP replies to yiaddr
  return dst == config_.address || dst.is_broadcast() || dst == broadcast_address();
}

Ipv4Address Interface::broadcast_address() const {
  return Ipv4Address{config_.address.value | ~config_.netmask.value};
}

void Interface::handle_ipv4(ByteSpan payload, uint64_t now, bool local) {
  auto parsed = parse_ipv4(payload);
  if (!parsed.ok()) {
    drop(parsed.error() == Error::kInvalidArgument ? DropReason::kBadChecksum
                                                   : DropReason::kMalformed);
    return;
  }
  const Ipv4View& ip = parsed.value();
  if (ip.is_fragment) {
    drop(DropReason::kFragment);
    return;
  }
  // 127.0.0.0/8 exists only inside this host (RFC 1122 3.2.1.3 (g)).
  bool martian = !local && (ip.header.src.is_loopback() || ip.header.dst.is_loopback());
  if (martian || !accepts(ip.header.dst, ip.header.protocol, local)) {
    drop(DropReason::kNotForUs);
    return;
  }
  switch (ip.header.protocol) {
    case kIpProtocolIcmp: handle_icmp(ip, now); return;
    case kIpProtocolUdp: handle_udp(ip, now, local); return;
    case kIpProtocolTcp: handle_tcp(ip, now); return;
    default: drop(DropReason::kUnknownProtocol); return;
  }
}

void Interface::handle_icmp(const Ipv4View& ip, uint64_t now) {
  auto parsed = parse_icmp(ip.payload);
  if (!parsed.ok()) {
    drop(parsed.error() == Error::kInvalidArgument ? DropReason::kBadChecksum
                                                   : DropReason::kMalformed);
    return;
  }
  const IcmpView& icmp = parsed.value();
  if (icmp.type == kIcmpEchoRequest && icmp.code == 0 && is_local_address(ip.header.dst)) {
    auto n = emit_icmp_echo(kIcmpEchoReply, icmp.identifier, icmp.sequence, icmp.data,
                            MutByteSpan{tx_ + kIpPayloadOffset, kEthernetMtu - kIpv4HeaderSize});
    if (n.ok()) (void)send_ipv4(ip.header.dst, ip.header.src, kIpProtocolIcmp, n.value(), now);
    return;
  }
  if (icmp.type == kIcmpEchoReply) {
    if (ping_count_ == kPingReplies) {  // the oldest unread reply makes room
      ping_head_ = (ping_head_ + 1) % kPingReplies;
      --ping_count_;
    }
    pings_[(ping_head_ + ping_count_) % kPingReplies] =
        PingReply{ip.header.src, icmp.identifier, icmp.sequence, now};
    ++ping_count_;
    return;
  }
  drop(DropReason::kUnknownProtocol);
}

void Interface::handle_udp(const Ipv4View& ip, uint64_t now, bool local) {
  auto parsed = parse_udp(ip.payload, ip.header.src, ip.header.dst);
  if (!parsed.ok()) {
    drop(parsed.error() == Error::kInvalidArgument ? DropReason::kBadChecksum
                                                   : DropReason::kMalformed);
    return;
  }
  const UdpView& udp = parsed.value();
  if (!local && udp.dst_port == kDhcpClientPort && udp.src_port == kDhcpServerPort &&
      options_.use_dhcp) {
    handle_dhcp(udp.payload, now);
    return;
  }
  if (!local && !configured()) {
    drop(DropReason::kNotForUs);
    return;
  }
  auto slot = udp_.deliver(Endpoint{ip.header.dst, udp.dst_port},
                           Endpoint{ip.header.src, udp.src_port}, udp.payload);
  if (!slot.ok()) {
    drop(slot.error() == Error::kBusy ? DropReason::kQueueFull : DropReason::kNoSocket);
    return;
  }
  if (udp_wake_hook_ != nullptr) udp_wake_hook_(udp_wake_context_, slot.value());
}

void Interface::handle_dhcp(ByteSpan payload, uint64_t now) {
  auto parsed = parse_dhcp(payload);
  if (!parsed.ok()) {
    drop(parsed.error() == Error::kNotSupported ? DropReason::kUnsupported
                                                : DropReason::kMalformed);
    return;
  }
  bool was_bound = dhcp_.bound();
  DhcpMessage reply;
  if (dhcp_.on_message(parsed.value(), now, &reply)) send_dhcp(reply, now);
  if (dhcp_.bound() && (!was_bound || dhcp_.lease().address != config_.address)) {
    apply(dhcp_.lease());
  }
}

void Interface::handle_tcp(const Ipv4View& ip, uint64_t now) {
  if (!is_local_address(ip.header.dst)) {
    drop(DropReason::kNotForUs);  // no TCP to broadcast addresses
    return;
  }
  switch (tcp_.receive(ip.header.src, ip.header.dst, ip.payload, now)) {
    case tcp::TcpRxResult::kDelivered: return;
    case tcp::TcpRxResult::kMalformed: drop(DropReason::kMalformed); return;
    case tcp::TcpRxResult::kBadChecksum: drop(DropReason::kBadChecksum); return;
    case tcp::TcpRxResult::kNoListener: drop(DropReason::kNoListener); return;
    case tcp::TcpRxResult::kBacklogFull: drop(DropReason::kBacklogFull); return;
    case tcp::TcpRxResult::kSynQueueFull: drop(DropReason::kSynQueueFull); return;
    case tcp::TcpRxResult::kTableFull: drop(DropReason::kTableFull); return;
    case tcp::TcpRxResult::kNoMemory: drop(DropReason::kNoMemory); return;
  }
}

// ---------------------------------------------------------------- transmit

Result<void> Interface::send_frame(MacAddress dst, uint16_t ethertype, size_t payload_length) {
  TRY(emit_ethernet(EthernetHeader{dst, mac_, ethertype}, MutByteSpan{tx_, sizeof tx_}));
  size_t length = kEthernetHeaderSize + payload_length;
  Result<void> sent = device_->transmit(ByteSpan{tx_, length});
  if (!sent.ok()) {
    ++counters_.tx_errors;
    return sent;
  }
  ++counters_.tx_packets;
  counters_.tx_bytes += length;
  return {};
}

void Interface::send_arp(ArpOperation op, MacAddress target_mac, Ipv4Address target_ip) {
  ArpPacket p{op, mac_, config_.address, target_mac, target_ip};
  auto n = emit_arp(p, MutByteSpan{tx_ + kEthernetHeaderSize, kEthernetMtu});
  if (!n.ok()) return;
  MacAddress dst = op == ArpOperation::kRequest ? MacAddress::broadcast() : target_mac;
  (void)send_frame(dst, kEtherTypeArp, n.value());
}

Result<void> Interface::send_ipv4(Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                                  size_t payload_length, uint64_t now) {
  Ipv4Header h;
  h.src = src;
  h.dst = dst;
  h.protocol = protocol;
  h.identification = ip_identification_++;
  size_t header = TRY(emit_ipv4(h, payload_length,
                                MutByteSpan{tx_ + kEthernetHeaderSize, kEthernetMtu}));
  size_t packet_length = header + payload_length;

  if (is_local_address(dst)) return loop_back(ByteSpan{tx_ + kEthernetHeaderSize, packet_length});
  if (src.is_loopback()) return Error::kInvalidArgument;  // would be a martian anywhere else
  if (device_ == nullptr) return Error::kNetworkUnreachable;
  if (dst.is_broadcast() || (configured() && dst == broadcast_address())) {
    return send_frame(MacAddress::broadcast(), kEtherTypeIpv4, packet_length);
  }
  bool on_link = ((dst.value ^ config_.address.value) & config_.netmask.value) == 0;
  Ipv4Address next_hop = on_link || config_.gateway.is_any() ? dst : config_.gateway;
  MacAddress mac;
  if (arp_.lookup(next_hop, now, &mac)) return send_frame(mac, kEtherTypeIpv4, packet_length);

  // Unresolved: park the packet and ask. TCP would recover from a drop, but
  // only after a full RTO; the first SYN to a new peer should not wait 1 s.
  for (Pending& p : pending_) {
    if (p.used) continue;
    p.used = true;
    p.next_hop = next_hop;
    p.queued_ms = now;
    p.last_request_ms = now;
    p.length = packet_length;
    bytes_copy(p.packet, tx_ + kEthernetHeaderSize, packet_length);
    send_arp(ArpOperation::kRequest, MacAddress{}, next_hop);
    return {};
  }
  drop(DropReason::kQueueFull);
  return Error::kBusy;
}

Result<void> Interface::loop_back(ByteSpan packet) {
  if (packet.size > kEthernetMtu) return Error::kRange;
  if (local_.free() < 2 + packet.size) {
    drop(DropReason::kQueueFull);
    return Error::kBusy;
  }
  uint8_t length[2];
  store_be16(length, uint16_t(packet.size));
  local_.push(length, 2);
  local_.push(packet.data, packet.size);
  ++local_count_;
  ++counters_.local_packets;
  counters_.local_bytes += packet.size;
  return {};
}

void Interface::run_local(uint64_t now) {
  // Delivering a packet may queue more behind it (a SYN-ACK, an ACK): they
  // are delivered in this loop too, up to the budget.
  for (size_t budget = kLocalBudget; local_count_ > 0 && budget > 0; --budget) {
    uint8_t length[2];
    local_.pop(length, 2);
    size_t n = local_.pop(local_rx_, load_be16(length));
    --local_count_;
    handle_ipv4(ByteSpan{local_rx_, n}, now, true);
  }
}

void Interface::flush_pending(Ipv4Address resolved, MacAddress mac) {
  for (Pending& p : pending_) {
    if (!p.used || p.next_hop != resolved) continue;
    bytes_copy(tx_ + kEthernetHeaderSize, p.packet, p.length);
    (void)send_frame(mac, kEtherTypeIpv4, p.length);
    p.used = false;
  }
}

MutByteSpan Interface::segment_buffer() {
  return MutByteSpan{tx_ + kIpPayloadOffset, kEthernetMtu - kIpv4HeaderSize};
}

void Interface::send_tcp_segment(Ipv4Address src, Ipv4Address dst, ByteSpan segment) {
  if (segment.size > kEthernetMtu - kIpv4HeaderSize) return;
  // Built in place (segment_buffer()) unless it came from elsewhere.
  if (segment.data != tx_ + kIpPayloadOffset) bytes_copy(tx_ + kIpPayloadOffset, segment.data, segment.size);
  // TCP has no `now` to pass down here, and the ARP timestamps only need to
  // be roughly right: use the newest time we have seen.
  (void)send_ipv4(src, dst, kIpProtocolTcp, segment.size, last_now_ms_);
}

size_t Interface::tx_room(Ipv4Address dst) {
  if (is_local_address(dst)) return local_.free() / (2 + kEthernetMtu);
  return device_ != nullptr ? device_->tx_room() : 0;
}

Result<void> Interface::send_udp(Endpoint src, Endpoint dst, ByteSpan payload, uint64_t now) {
  if (payload.size > UdpTable::kMaxPayload) return Error::kMessageTooLong;
  Ipv4Address from = src.addr.is_any() ? TRY(source_address(dst.addr)) : src.addr;
  if (from.is_loopback() && !is_local_address(dst.addr)) return Error::kInvalidArgument;
  size_t n = TRY(emit_udp(src.port, dst.port, payload, from, dst.addr,
                          MutByteSpan{tx_ + kIpPayloadOffset, kEthernetMtu - kIpv4HeaderSize}));
  return send_ipv4(from, dst.addr, kIpProtocolUdp, n, now);
}

void Interface::send_dhcp(const DhcpMessage& m, uint64_t now) {
  MutByteSpan udp{tx_ + kIpPayloadOffset, kEthernetMtu - kIpv4HeaderSize};
  auto n = emit_dhcp(m, udp.sub(kUdpHeaderSize));
  if (!n.ok()) return;
  auto u = emit_udp_header(kDhcpClientPort, kDhcpServerPort, n.value(), Ipv4Address::any(),
                           Ipv4Address::broadcast(), udp);
  if (u.ok()) {
    (void)send_ipv4(Ipv4Address::any(), Ipv4Address::broadcast(), kIpProtocolUdp, u.value(), now);
  }
}

Result<void> Interface::send_ping(Ipv4Address dst, uint16_t identifier, uint16_t sequence,
                                  ByteSpan data, uint64_t now) {
  Ipv4Address from = TRY(source_address(dst));
  size_t n = TRY(emit_icmp_echo(kIcmpEchoRequest, identifier, sequence, data,
                                MutByteSpan{tx_ + kIpPayloadOffset, kEthernetMtu - kIpv4HeaderSize}));
  return send_ipv4(from, dst, kIpProtocolIcmp, n, now);
}

bool Interface::take_ping_reply(PingReply* out) {
  if (ping_count_ == 0) return false;
  *out = pings_[ping_head_];
  ping_head_ = (ping_head_ + 1) % kPingReplies;
  --ping_count_;
  return true;
}

// ---------------------------------------------------------------- timers

void Interface::poll(uint64_t now) {
  last_now_ms_ = now;
  for (Pending& p : pending_) {
    if (!p.used) continue;
    if (now - p.queued_ms >= options_.arp_give_up_ms) {
      p.used = false;
      drop(DropReason::kArpUnresolved);
    } else if (now - p.last_request_ms >= options_.arp_retry_ms) {
      p.last_request_ms = now;
      send_arp(ArpOperation::kRequest, MacAddress{}, p.next_hop);
    }
  }
  DhcpMessage m;
  if (dhcp_.poll(now, &m)) send_dhcp(m, now);
  if (dhcp_.state() == DhcpClient::State::kFallback && !configured()) {
    apply(options_.static_config);
  }
  tcp_.poll(now);
  run_local(now);
}

uint64_t Interface::next_deadline() const {
  uint64_t earliest = 0;
  auto consider = [&](uint64_t d) {
    if (d != 0 && (earliest == 0 || d < earliest)) earliest = d;
  };
  for (const Pending& p : pending_) {
    if (!p.used) continue;
    consider(p.last_request_ms + options_.arp_retry_ms);
    consider(p.queued_ms + options_.arp_give_up_ms);
  }
  consider(dhcp_.deadline());
  consider(tcp_.next_deadline());
  if (local_count_ > 0) consider(last_now_ms_ != 0 ? last_now_ms_ : 1);
  return earliest;
}

}  // namespace akuma::net
