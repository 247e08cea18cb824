// netstat: the interface's counters (net_stats) and every open socket
// (socket_list), through this kernel's own syscalls
// (kernel/syscall/akuma_abi.h; ENOSYS elsewhere).
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kernel/syscall/akuma_abi.h"
#include "net/iface/counters.h"
#include "programs/net/net_util.h"
#include "programs/net/tcp_state_names.h"

namespace {

constexpr long kAkumaNetStats = 2048;    // kernel/syscall/linux_abi.h nr::kAkumaNetStats
constexpr long kAkumaSocketList = 2049;  // nr::kAkumaSocketList
constexpr int kMaxSockets = 64;

// a: host byte order.
void print_ipv4(const char* label, uint32_t a) {
  printf("%s %u.%u.%u.%u", label, a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

}  // namespace

int main() {
  using namespace akuma;
  setvbuf(stdout, nullptr, _IOLBF, 0);
  abi::NetStats s{};
  if (syscall(kAkumaNetStats, &s) < 0) {
    printf("netstat: %s\n", net_util::errno_name(errno));
    return 1;
  }
  print_ipv4("address", s.address);
  print_ipv4(", gateway", s.gateway);
  printf("\nin: %llu packets, %llu bytes; out: %llu packets, %llu bytes, %llu errors\n",
         (unsigned long long)s.rx_packets, (unsigned long long)s.rx_bytes, (unsigned long long)s.tx_packets,
         (unsigned long long)s.tx_bytes, (unsigned long long)s.tx_errors);
  printf("dropped:");
  bool any = false;
  static_assert(static_cast<int>(net::DropReason::kCount) <= abi::kNetDropReasons);
  for (int i = 0; i < static_cast<int>(net::DropReason::kCount); ++i) {
    if (s.drops[i] == 0) continue;
    printf(" %s %llu", net::drop_reason_name(static_cast<net::DropReason>(i)), (unsigned long long)s.drops[i]);
    any = true;
  }
  printf("%s\n", any ? "" : " none");
  printf("tcp connections: %u (%u in TIME_WAIT), open sockets: %u\n", s.tcp_connections, s.tcp_time_wait,
         s.open_sockets);
  abi::SocketEntry entries[kMaxSockets];
  long n = syscall(kAkumaSocketList, entries, static_cast<unsigned long>(kMaxSockets));
  if (n < 0) {
    printf("netstat: socket list: %s\n", net_util::errno_name(errno));
    return 1;
  }
  for (long i = 0; i < n && i < kMaxSockets; ++i) {
    const abi::SocketEntry& e = entries[i];
    const char* state = e.type == SOCK_DGRAM   ? "-"
                        : e.tcp_state == 0     ? "unconnected"
                                               : net_util::tcp_state_name(e.tcp_state);
    printf("  %s port %u %s", e.type == SOCK_STREAM ? "tcp" : "udp", e.local_port, state);
    if (e.remote_port != 0) print_ipv4(" peer", e.remote_addr), printf(":%u", e.remote_port);
    printf("\n");
  }
  return 0;
}
