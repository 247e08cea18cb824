// Interface statistics: traffic in and out and every dropped packet by reason.
#pragma once

#include <stdint.h>

namespace akuma::net {

enum class DropReason : uint8_t {
  kMalformed,         // truncated, bad lengths or nonsense fields
  kBadChecksum,       // IPv4, ICMP, UDP or TCP checksum mismatch
  kFragment,          // IPv4 fragment: we do not reassemble
  kNotForUs,          // another host's MAC or IP address; 127.0.0.0/8 from the wire
  kUnknownEtherType,  // neither IPv4 nor ARP
  kUnknownProtocol,   // IP protocol or ICMP type we do not handle
  kUnsupported,       // valid but unsupported variant (ARP for other links, ...)
  kNoSocket,          // UDP port with nobody bound
  kBacklogFull,       // TCP SYN for a listener whose accept queue is full
  kQueueFull,         // a UDP socket's receive queue, the ARP wait queue or the local queue
  kArpUnresolved,     // outgoing packet whose next hop never answered ARP
  kNoListener,        // TCP segment for a port nobody listens on (answered with RST)
  kTableFull,         // TCP SYN with no free connection entry and no TIME_WAIT to end
  kSynQueueFull,      // half-open TCP connection dropped for a newer SYN (SYN flood)
  kNoMemory,          // TCP SYN while the connections' buffer budget is spent
  kCount,
};

const char* drop_reason_name(DropReason reason);

struct Counters {
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  uint64_t tx_errors = 0;  // the device refused a frame
  // IPv4 packets to this host's own addresses (127.0.0.0/8 and the
  // configured one): through the local queue, never the device.
  uint64_t local_packets = 0;
  uint64_t local_bytes = 0;
  uint64_t drops[static_cast<int>(DropReason::kCount)] = {};

  uint64_t dropped(DropReason r) const { return drops[static_cast<int>(r)]; }
  uint64_t dropped_total() const {
    uint64_t n = 0;
    for (uint64_t d : drops) n += d;
    return n;
  }
};

}  // namespace akuma::net
