// One IPv4 interface: addressing (static or DHCP), ARP, ICMP echo, UDP
// ports, the TCP stack, the local (loopback) path, and counters. It owns no
// thread and reads no clock: the kernel calls receive() for every frame from
// the driver, poll() when next_deadline() passes, and passes the time (ms)
// each time.
//
// Devices: an Interface runs over one NetDevice (Ethernet), or over none
// (device == nullptr): then it is loopback only, has no address of its own
// and sends nothing anywhere but to itself.
//
// Local delivery (loopback): an IPv4 packet to 127.0.0.0/8 or to the
// interface's own configured address never goes to the device and needs no
// ARP. It is queued on the local queue (kLocalQueueBytes of packets, each
// with a 2-byte length; a full queue drops and counts kQueueFull) and handed to the receive path by the next
// poll() -- never from inside the transmit that queued it, so a socket call
// never recurses into the stack's receive side. poll() keeps going while
// the packets it delivers queue more (a handshake, an ACK), up to
// kLocalBudget packets; whatever is left makes next_deadline() due at once.
// So after any call that may have sent (a socket send, connect, close...)
// the owner runs poll() soon: the kernel kicks its net thread. Packets from
// the wire with a 127.0.0.0/8 source or destination are dropped (kNotForUs).
//
// Source addresses: source_address(dst) is 127.0.0.1 for 127.0.0.0/8, the
// configured address otherwise (also for the configured address itself);
// kNetworkUnreachable without a device or before the address is configured.
// A packet from a 127.0.0.0/8 source to anywhere else is refused
// (kInvalidArgument), as Linux refuses to route it.
//
// Locking: one net lock covers the Interface, its TcpStack and the socket
// table; every function here requires the caller to hold it. The device's
// transmit() is called with the lock held.
#pragma once

#include "kernel/lib/result.h"
#include "net/iface/arp_cache.h"
#include "net/iface/counters.h"
#include "net/iface/dhcp_client.h"
#include "net/iface/net_device.h"
#include "net/iface/udp_table.h"
#include "net/wire/byte_ring.h"
#include "net/tcp/tcp_stack.h"
#include "net/wire/arp.h"
#include "net/wire/ethernet.h"
#include "net/wire/ipv4.h"

namespace akuma::net {

struct InterfaceOptions {
  bool use_dhcp = true;
  IpConfig static_config = kFallbackIpConfig;  // without DHCP, or when it fails
  uint32_t dhcp_attempts = 3;                   // DISCOVERs before the fallback
  uint64_t dhcp_retry_ms = 1000;                // doubles each attempt
  uint64_t arp_lifetime_ms = 60000;
  uint64_t arp_retry_ms = 1000;                 // ARP request repeat interval
  uint64_t arp_give_up_ms = 3000;               // queued packets dropped after
  tcp::TcpConfig tcp;
};

struct PingReply {
  Ipv4Address from;
  uint16_t identifier = 0;
  uint16_t sequence = 0;
  uint64_t received_ms = 0;
};

using UdpWakeHook = void (*)(void* context, int udp_slot);

class Interface final : private tcp::TcpOutput {
 public:
  static constexpr size_t kLocalQueueBytes = 262144;  // two 64 KiB windows each way, and their ACKs
  static constexpr size_t kLocalBudget = 512;  // local packets per poll()

  // `device` may be null: a loopback-only interface (options' addressing
  // and DHCP are then unused).
  Interface(NetDevice* device, const InterfaceOptions& options, uint64_t now_ms);
  ~Interface();
  Interface(const Interface&) = delete;
  Interface& operator=(const Interface&) = delete;

  void receive(const uint8_t* frame, size_t length, uint64_t now_ms);
  void poll(uint64_t now_ms);
  // Earliest timer of ARP, DHCP, TCP, or the newest time seen when local
  // packets wait (due at once); 0 = none.
  uint64_t next_deadline() const;

  bool has_device() const { return device_ != nullptr; }
  bool configured() const { return !config_.address.is_any(); }
  // Sets the address, netmask and gateway by hand (the SIOCSIF* ioctls, as
  // `ip addr`/`ip route` would); the ARP cache starts over.
  void set_config(const IpConfig& config) { apply(config); }
  // 127.0.0.0/8, or the configured address: delivered locally.
  bool is_local_address(Ipv4Address a) const;
  Result<Ipv4Address> source_address(Ipv4Address dst) const;
  const IpConfig& config() const { return config_; }
  MacAddress mac() const { return mac_; }
  const Counters& counters() const { return counters_; }
  const DhcpClient& dhcp() const { return dhcp_; }
  tcp::TcpStack& tcp() { return tcp_; }
  UdpTable& udp() { return udp_; }
  ArpCache& arp_cache() { return arp_; }

  // From `src` (address any: source_address(dst)). kMessageTooLong above
  // UdpTable::kMaxPayload; kNetworkUnreachable, kInvalidArgument as above.
  Result<void> send_udp(Endpoint src, Endpoint dst, ByteSpan payload, uint64_t now_ms);
  Result<void> send_ping(Ipv4Address dst, uint16_t identifier, uint16_t sequence,
                         ByteSpan data, uint64_t now_ms);
  // The oldest echo reply not yet taken.
  bool take_ping_reply(PingReply* out);

  // Queues one IPv4 packet (header included) on the local path, as sending
  // to a local address does; the fuzzer feeds it arbitrary bytes. kBusy
  // (counted kQueueFull) when the queue is full, kRange when the packet is
  // larger than the MTU.
  Result<void> loop_back(ByteSpan ipv4_packet);
  size_t local_pending() const { return local_count_; }

  void set_udp_wake_hook(UdpWakeHook hook, void* context) {
    udp_wake_hook_ = hook;
    udp_wake_context_ = context;
  }

 private:
  // A packet waiting for ARP resolution of its next hop.
  struct Pending {
    bool used = false;
    Ipv4Address next_hop;
    uint64_t queued_ms = 0;
    uint64_t last_request_ms = 0;
    size_t length = 0;
    uint8_t packet[kEthernetMtu];  // the IPv4 packet
  };

  static constexpr int kPendingSlots = 4;
  static constexpr int kPingReplies = 4;
  static constexpr size_t kIpPayloadOffset = kEthernetHeaderSize + kIpv4HeaderSize;

  void send_tcp_segment(Ipv4Address src, Ipv4Address dst, ByteSpan segment) override;
  MutByteSpan segment_buffer() override;  // tx_, where the segment goes anyway
  size_t tx_room(Ipv4Address dst) override;

  void handle_arp(ByteSpan payload, uint64_t now);
  // `local`: from the local queue rather than the device.
  void handle_ipv4(ByteSpan payload, uint64_t now, bool local);
  void handle_icmp(const Ipv4View& ip, uint64_t now);
  void handle_udp(const Ipv4View& ip, uint64_t now, bool local);
  void handle_tcp(const Ipv4View& ip, uint64_t now);
  void run_local(uint64_t now);
  void handle_dhcp(ByteSpan payload, uint64_t now);
  bool accepts(Ipv4Address dst, uint8_t protocol, bool local) const;
  Ipv4Address broadcast_address() const;

  // Builds the IPv4 header around the `payload_length` bytes the caller put
  // at tx_ + kIpPayloadOffset, resolves the next hop and sends (or queues).
  Result<void> send_ipv4(Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                         size_t payload_length, uint64_t now);
  Result<void> send_frame(MacAddress dst, uint16_t ethertype, size_t payload_length);
  void send_arp(ArpOperation op, MacAddress target_mac, Ipv4Address target_ip);
  void flush_pending(Ipv4Address resolved, MacAddress mac);
  void send_dhcp(const DhcpMessage& m, uint64_t now);
  void apply(const IpConfig& config);
  void drop(DropReason reason) { ++counters_.drops[static_cast<int>(reason)]; }

  NetDevice* device_;  // null: loopback only
  InterfaceOptions options_;
  MacAddress mac_;

  // Everything below is guarded by the net lock.
  IpConfig config_;
  Counters counters_;
  ArpCache arp_;
  DhcpClient dhcp_;
  UdpTable udp_;
  tcp::TcpStack tcp_;
  Pending pending_[kPendingSlots];
  // [length: 2 bytes][IPv4 packet]...; on the heap (an Interface may live
  // on a small kernel stack).
  ByteRing<kLocalQueueBytes>& local_;
  size_t local_count_ = 0;            // packets in local_
  uint8_t local_rx_[kEthernetMtu];    // the local packet being delivered
  PingReply pings_[kPingReplies];
  int ping_head_ = 0;
  int ping_count_ = 0;
  uint16_t ip_identification_ = 1;
  uint64_t last_now_ms_ = 0;  // newest time seen by receive()/poll()
  UdpWakeHook udp_wake_hook_ = nullptr;
  void* udp_wake_context_ = nullptr;
  uint8_t tx_[kEthernetMaxFrame];  // frame being built
};

}  // namespace akuma::net
