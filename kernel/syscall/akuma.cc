// This kernel's own syscalls for the network tools (akuma_abi.h): netstat's
// counters and socket list, ping's ICMP echo.
#include "kernel/mm/address_space.h"
#include "kernel/net/net.h"
#include "kernel/syscall/akuma_abi.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {

int64_t sys_akuma_net_stats(const Args& a) {
  UserPtr<abi::NetStats> uout{a.a[0]};
  abi::NetStats out{};
  static_assert(static_cast<int>(net::DropReason::kCount) <= abi::kNetDropReasons);
  {
    knet::NetLock lock;
    const net::Counters& c = knet::iface().counters();
    out.address = knet::iface().config().address.value;
    out.gateway = knet::iface().config().gateway.value;
    out.rx_packets = c.rx_packets;
    out.rx_bytes = c.rx_bytes;
    out.tx_packets = c.tx_packets;
    out.tx_bytes = c.tx_bytes;
    out.tx_errors = c.tx_errors;
    for (int i = 0; i < static_cast<int>(net::DropReason::kCount); ++i) out.drops[i] = c.drops[i];
    out.tcp_connections = static_cast<uint32_t>(knet::iface().tcp().connection_count());
    out.open_sockets = static_cast<uint32_t>(knet::sockets().open_count());
    out.tcp_time_wait = static_cast<uint32_t>(knet::iface().tcp().time_wait_count());
  }
  return to_return(uout.write(user_space(), out));
}

int64_t sys_akuma_socket_list(const Args& a) {
  uint64_t uout = a.a[0];
  size_t max = min<size_t>(a.a[1], net::SocketTable::kCapacity);
  auto r = [&]() -> Result<size_t> {
    net::SocketInfo infos[net::SocketTable::kCapacity];
    size_t n;
    {
      knet::NetLock lock;
      n = knet::sockets().list(infos, max);
    }
    for (size_t i = 0; i < n; ++i) {
      const net::SocketInfo& s = infos[i];
      abi::SocketEntry e{};
      e.id = s.handle.value;
      e.type = s.type == net::SocketType::kStream ? abi::kSockStream : abi::kSockDgram;
      e.listening = s.listening;
      e.tcp_state = static_cast<uint8_t>(s.state);
      e.local_port = s.local.port;
      e.remote_port = s.remote.port;
      e.remote_addr = s.remote.addr.value;
      e.bytes_unread = s.bytes_unread;
      e.bytes_unacked = s.bytes_unacked;
      TRY(copy_to_user(user_space(), uout + i * sizeof e, &e, sizeof e));
    }
    return n;
  }();
  return to_return(r);
}

int64_t sys_akuma_ping(const Args& a) {
  uint64_t addr = a.a[0];
  uint64_t sequence = a.a[1];
  uint64_t timeout_ms = a.a[2];
  auto r = [&]() -> Result<size_t> {
    if (addr > 0xffffffff || sequence > 0xffff || timeout_ms == 0 || timeout_ms > 60000) {
      return Error::kInvalidArgument;
    }
    return static_cast<size_t>(TRY(knet::ping(net::Ipv4Address{static_cast<uint32_t>(addr)},
                                              static_cast<uint16_t>(sequence), timeout_ms)));
  }();
  return to_return(r);
}

}  // namespace akuma::syscall
