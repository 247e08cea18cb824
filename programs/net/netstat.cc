// netstat: the interface's counters (net_stats) and every open socket
// (socket_list).
#include "net/iface/counters.h"
#include "net/tcp/tcp_connection.h"
#include "programs/net/net_util.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

namespace {

void print_ipv4(const char* label, uint32_t a) {
  user::printf("%s %u.%u.%u.%u", label, a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

}  // namespace

extern "C" int main(int, char**) {
  using namespace akuma;
  user::NetStats s;
  long r = user::net_stats(&s);
  if (r < 0) {
    user::printf("netstat: %s\n", user::errno_name(r));
    return 1;
  }
  print_ipv4("address", s.address);
  print_ipv4(", gateway", s.gateway);
  user::printf("\nin: %llu packets, %llu bytes; out: %llu packets, %llu bytes, %llu errors\n",
               (unsigned long long)s.rx_packets, (unsigned long long)s.rx_bytes,
               (unsigned long long)s.tx_packets, (unsigned long long)s.tx_bytes,
               (unsigned long long)s.tx_errors);
  user::printf("dropped:");
  bool any = false;
  for (int i = 0; i < static_cast<int>(net::DropReason::kCount); ++i) {
    if (s.drops[i] == 0) continue;
    user::printf(" %s %llu", net::drop_reason_name(static_cast<net::DropReason>(i)),
                 (unsigned long long)s.drops[i]);
    any = true;
  }
  user::printf("%s\n", any ? "" : " none");
  user::printf("tcp connections: %u, open sockets: %u\n", s.tcp_connections, s.open_sockets);
  user::SocketEntry entries[64];
  long n = user::socket_list(entries, 64);
  for (long i = 0; i < n; ++i) {
    const user::SocketEntry& e = entries[i];
    const char* state = e.type == abi::kSockDgram ? "-"
                        : e.tcp_state == 0       ? "unconnected"
                                                 : net::tcp::tcp_state_name(static_cast<net::tcp::TcpState>(e.tcp_state));
    user::printf("  %s port %u %s", e.type == abi::kSockStream ? "tcp" : "udp", e.local_port, state);
    if (e.remote_port != 0) print_ipv4(" peer", e.remote_addr), user::printf(":%u", e.remote_port);
    user::printf("\n");
  }
  return 0;
}
