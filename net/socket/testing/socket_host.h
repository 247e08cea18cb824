// Test-only: one host (an Interface and its SocketTable) driven by hand,
// with helpers for local (loopback) traffic: settle() runs poll() until the
// local queue is empty, as the kernel's net thread does after a kick.
#pragma once

#include <string>

#include "net/iface/testing/fake_link.h"
#include "net/socket/socket_table.h"

namespace akuma::net::testing {

inline constexpr Ipv4Address kLoopback = Ipv4Address::from(127, 0, 0, 1);
inline constexpr Ipv4Address kHostIp = Ipv4Address::from(10, 0, 2, 15);
inline constexpr Ipv4Address kOtherIp = Ipv4Address::from(10, 0, 2, 2);

inline InterfaceOptions static_options(Ipv4Address a) {
  InterfaceOptions o;
  o.use_dhcp = false;
  o.static_config = kFallbackIpConfig;
  o.static_config.address = a;
  return o;
}

// With a NIC (a FakeDevice that only records frames) at `ip`, or, with
// `with_device` false, loopback only.
struct SocketHost {
  explicit SocketHost(bool with_device = true, Ipv4Address ip = kHostIp,
                      MacAddress mac = MacAddress{{2, 0, 0, 0, 0, 1}})
      : device(mac), iface(with_device ? &device : nullptr, static_options(ip), 0), sockets(&iface) {}

  void settle() {
    for (int i = 0; i < 64 && (iface.local_pending() != 0 || due()); ++i) iface.poll(now);
  }
  // Work due now (an ACK for the batch just delivered): the kernel's net
  // thread goes round again for it.
  bool due() const {
    uint64_t d = iface.next_deadline();
    return d != 0 && d <= now;
  }

  SocketHandle stream() { return sockets.socket(SocketType::kStream).value(); }
  SocketHandle datagram() { return sockets.socket(SocketType::kDatagram).value(); }

  SocketHandle listener(Endpoint at, uint32_t backlog = 8) {
    SocketHandle l = stream();
    EXPECT_TRUE(sockets.bind(l, at).ok());
    EXPECT_TRUE(sockets.listen(l, backlog, now).ok());
    return l;
  }

  // Connects a new socket to `to` and accepts it on `listener`:
  // {client, server side}.
  std::pair<SocketHandle, SocketHandle> connect_pair(SocketHandle listener, Endpoint to,
                                                     Endpoint* peer = nullptr) {
    SocketHandle c = stream();
    EXPECT_TRUE(sockets.connect(c, to, now).ok());
    EXPECT_EQ(sockets.connect_result(c).error(), Error::kWouldBlock);
    settle();
    EXPECT_TRUE(sockets.connect_result(c).ok());
    auto s = sockets.accept(listener, peer);
    EXPECT_TRUE(s.ok());
    return {c, s.ok() ? s.value() : SocketHandle{}};
  }

  bool send_str(SocketHandle h, const std::string& s) {
    auto r = sockets.send(h, reinterpret_cast<const uint8_t*>(s.data()), s.size(), now);
    return r.ok() && r.value() == s.size();
  }
  // The bytes, "" at end of stream, or "<error name>".
  std::string recv_str(SocketHandle h, size_t max = 256) {
    char buf[2048];
    if (max > sizeof buf) max = sizeof buf;
    auto r = sockets.recv(h, reinterpret_cast<uint8_t*>(buf), max, now);
    return r.ok() ? std::string(buf, r.value()) : "<" + std::string(error_name(r.error())) + ">";
  }

  uint64_t now = 1;  // never 0: timers due "now" are due at 1 at the earliest
  FakeDevice device;
  Interface iface;
  SocketTable sockets;
};

}  // namespace akuma::net::testing
