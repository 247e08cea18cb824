// This kernel's own syscalls (numbers in linux_abi.h: nr::kAkuma*), far
// above Linux's range, for the network tools (programs/net): the interface
// counters, the open sockets, and an ICMP echo. Linux answers these numbers
// with ENOSYS. Shared with the programs, so plain C++ with fixed layouts.
#pragma once

#include <stdint.h>

namespace akuma::abi {

// net_stats(NetStats* out): counters of the interface; drops[i] counts drops
// for reason i (net::DropReason, names from net::drop_reason_name).
constexpr int kNetDropReasons = 16;
struct NetStats {
  uint32_t address;  // host byte order; 0 while unconfigured
  uint32_t gateway;
  uint64_t rx_packets;
  uint64_t rx_bytes;
  uint64_t tx_packets;
  uint64_t tx_bytes;
  uint64_t tx_errors;
  uint64_t drops[kNetDropReasons];
  uint32_t tcp_connections;  // every TCP connection, including TIME_WAIT ones
  uint32_t open_sockets;
  uint32_t tcp_time_wait;    // of tcp_connections, those in TIME_WAIT
  uint32_t reserved;
};

// socket_list(SocketEntry* out, uint64_t max) -> the number of open sockets.
struct SocketEntry {
  uint32_t id;         // the kernel's socket handle
  uint8_t type;        // 1 stream, 2 datagram (SOCK_*)
  uint8_t listening;
  uint8_t tcp_state;   // net::tcp::TcpState; 0 = closed / none
  uint8_t reserved;
  uint16_t local_port;
  uint16_t remote_port;
  uint32_t remote_addr;  // host byte order
  uint32_t bytes_unread;
  uint32_t bytes_unacked;
};

// ping(uint32_t addr, uint64_t sequence, uint64_t timeout_ms) -> round trip
// ms; ETIMEDOUT when no reply came. addr in host byte order.

}  // namespace akuma::abi
