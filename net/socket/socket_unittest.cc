// The socket layer on two interfaces joined by a fake Ethernet: a server
// and a client, each with its own SocketTable, as in the httpd session.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "net/iface/testing/fake_link.h"
#include "net/socket/socket_table.h"

namespace akuma::net {
namespace {

using testing::FakeDevice;
using testing::Network;

constexpr Ipv4Address kServerIp = Ipv4Address::from(10, 0, 2, 15);
constexpr Ipv4Address kClientIp = Ipv4Address::from(10, 0, 2, 2);

InterfaceOptions options_for(Ipv4Address a) {
  InterfaceOptions o;
  o.use_dhcp = false;
  o.static_config = kFallbackIpConfig;
  o.static_config.address = a;
  return o;
}

struct Host {
  Host(MacAddress mac, Ipv4Address ip) : device(mac), iface(&device, options_for(ip), 0), sockets(&iface) {}
  FakeDevice device;
  Interface iface;
  SocketTable sockets;
};

class SocketTest : public ::testing::Test {
 protected:
  SocketTest()
      : server(MacAddress{{2, 0, 0, 0, 0, 1}}, kServerIp),
        client(MacAddress{{2, 0, 0, 0, 0, 2}}, kClientIp) {
    net.attach(&server.device, &server.iface);
    net.attach(&client.device, &client.iface);
  }

  SocketHandle listen_on(uint16_t port) {
    SocketHandle l = server.sockets.socket(SocketType::kStream).value();
    EXPECT_TRUE(server.sockets.bind(l, Endpoint{Ipv4Address::any(), port}).ok());
    EXPECT_TRUE(server.sockets.listen(l, 8, now).ok());
    return l;
  }

  // Connects a client socket to the server's port and accepts it.
  std::pair<SocketHandle, SocketHandle> connect_pair(SocketHandle listener, uint16_t port) {
    SocketHandle c = client.sockets.socket(SocketType::kStream).value();
    EXPECT_TRUE(client.sockets.connect(c, Endpoint{kServerIp, port}, now).ok());
    EXPECT_EQ(client.sockets.connect_result(c).error(), Error::kWouldBlock);
    net.deliver(now);
    EXPECT_TRUE(client.sockets.connect_result(c).ok());
    EXPECT_TRUE(server.sockets.readiness(listener) & kSocketReadable);
    Endpoint peer;
    auto s = server.sockets.accept(listener, &peer);
    EXPECT_TRUE(s.ok());
    EXPECT_EQ(peer.addr, kClientIp);
    return {c, s.ok() ? s.value() : SocketHandle{}};
  }

  bool send_str(SocketTable& t, SocketHandle h, const std::string& s) {
    auto r = t.send(h, reinterpret_cast<const uint8_t*>(s.data()), s.size(), now);
    return r.ok() && r.value() == s.size();
  }
  std::string recv_str(SocketTable& t, SocketHandle h) {
    char buf[256];
    auto r = t.recv(h, reinterpret_cast<uint8_t*>(buf), sizeof buf, now);
    return r.ok() ? std::string(buf, r.value()) : "<" + std::string(error_name(r.error())) + ">";
  }

  Host server, client;
  Network net;
  uint64_t now = 0;
};

TEST_F(SocketTest, SecondBindOnAListeningPortIsAddressInUse) {
  SocketHandle l = listen_on(8080);
  SocketHandle again = server.sockets.socket(SocketType::kStream).value();
  EXPECT_EQ(server.sockets.bind(again, Endpoint{Ipv4Address::any(), 8080}).error(), Error::kExists);
  // UDP has its own port space.
  SocketHandle u = server.sockets.socket(SocketType::kDatagram).value();
  EXPECT_TRUE(server.sockets.bind(u, Endpoint{Ipv4Address::any(), 8080}).ok());
  (void)l;
}

TEST_F(SocketTest, ListShowsOpenSocketsWithTheirState) {
  SocketHandle l = listen_on(8080);
  auto [c, s] = connect_pair(l, 8080);
  SocketInfo infos[SocketTable::kCapacity];
  ASSERT_EQ(server.sockets.list(infos, SocketTable::kCapacity), 2u);
  EXPECT_TRUE(infos[0].listening);
  EXPECT_EQ(infos[0].local.port, 8080);
  EXPECT_EQ(infos[0].state, tcp::TcpState::kListen);
  EXPECT_FALSE(infos[1].listening);
  EXPECT_EQ(infos[1].state, tcp::TcpState::kEstablished);
  EXPECT_EQ(infos[1].local.port, 8080);
  EXPECT_EQ(infos[1].remote.addr, kClientIp);
  EXPECT_EQ(server.sockets.list(infos, 1), 1u);  // bounded by the caller's array
  ASSERT_TRUE(server.sockets.abort(s).ok());
  EXPECT_EQ(server.sockets.list(infos, SocketTable::kCapacity), 1u);
  (void)c;
}

TEST_F(SocketTest, CloseFreesThePortAtOnce) {
  SocketHandle l = listen_on(8080);
  ASSERT_TRUE(server.sockets.close(l, now).ok());
  SocketHandle l2 = listen_on(8080);
  ASSERT_TRUE(server.sockets.abort(l2).ok());
  listen_on(8080);
}

TEST_F(SocketTest, StaleHandlesNeverReachANewSocket) {
  SocketHandle a = server.sockets.socket(SocketType::kStream).value();
  ASSERT_TRUE(server.sockets.close(a, now).ok());
  SocketHandle b = server.sockets.socket(SocketType::kStream).value();
  EXPECT_EQ(a.value & 0xffff, b.value & 0xffff);  // the same slot...
  EXPECT_FALSE(a == b);                           // ...another generation
  EXPECT_EQ(server.sockets.bind(a, Endpoint{Ipv4Address::any(), 80}).error(), Error::kBadDescriptor);
  EXPECT_EQ(server.sockets.close(a, now).error(), Error::kBadDescriptor);
  EXPECT_TRUE(server.sockets.bind(b, Endpoint{Ipv4Address::any(), 80}).ok());
  EXPECT_EQ(server.sockets.readiness(SocketHandle{}), 0u);
}

TEST_F(SocketTest, ExchangeAndHalfClose) {
  SocketHandle l = listen_on(8080);
  auto [c, s] = connect_pair(l, 8080);
  EXPECT_EQ(recv_str(server.sockets, s), "<would block>");
  ASSERT_TRUE(send_str(client.sockets, c, "GET / HTTP/1.0\r\n\r\n"));
  net.deliver(now);
  EXPECT_EQ(recv_str(server.sockets, s), "GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(send_str(server.sockets, s, "HTTP/1.0 200 OK\r\n\r\n"));
  ASSERT_TRUE(server.sockets.shutdown(s, Shutdown::kWrite, now).ok());
  net.deliver(now);
  EXPECT_EQ(recv_str(client.sockets, c), "HTTP/1.0 200 OK\r\n\r\n");
  EXPECT_EQ(client.sockets.readiness(c) & (kSocketReadable | kSocketHangup), kSocketReadable);
  EXPECT_EQ(recv_str(client.sockets, c), "");  // end of stream
  EXPECT_TRUE(client.sockets.close(c, now).ok());
  EXPECT_TRUE(server.sockets.close(s, now).ok());
  net.deliver(now);
  EXPECT_EQ(client.iface.tcp().connection_count(), 0u);   // passive closer: gone
  EXPECT_EQ(server.iface.tcp().connection_count(), 2u);   // listener + TIME_WAIT
}

// As in Linux: a peer FIN alone is readable (recv returns 0), the socket
// hangs up once our side is shut too, or the connection is gone.
TEST_F(SocketTest, HangupOnlyOnceBothSidesAreShut) {
  SocketHandle l = listen_on(8080);
  auto [c, s] = connect_pair(l, 8080);
  ASSERT_TRUE(client.sockets.shutdown(c, Shutdown::kWrite, now).ok());
  net.deliver(now);
  EXPECT_EQ(server.sockets.readiness(s), uint32_t{kSocketReadable | kSocketWritable});
  // Waiting for the server's data or FIN; a send would fail at once
  // (EPIPE), so it is writable, as Linux's poll says.
  EXPECT_EQ(client.sockets.readiness(c), uint32_t{kSocketWritable});
  ASSERT_TRUE(server.sockets.shutdown(s, Shutdown::kWrite, now).ok());
  net.deliver(now);
  EXPECT_TRUE(server.sockets.readiness(s) & kSocketHangup);
  EXPECT_TRUE(client.sockets.readiness(c) & kSocketHangup);
  EXPECT_TRUE(client.sockets.readiness(c) & kSocketReadable);
}

TEST_F(SocketTest, WakeHookFiresForListenerAndData) {
  std::vector<uint32_t> woken;
  server.sockets.set_wake_hook(
      [](void* ctx, SocketHandle h) { static_cast<std::vector<uint32_t>*>(ctx)->push_back(h.value); },
      &woken);
  SocketHandle l = listen_on(8080);
  uint64_t g = server.sockets.wake_generation(l);
  auto [c, s] = connect_pair(l, 8080);
  EXPECT_NE(server.sockets.wake_generation(l), g);
  EXPECT_NE(std::find(woken.begin(), woken.end(), l.value), woken.end());
  woken.clear();
  uint64_t gs = server.sockets.wake_generation(s);
  ASSERT_TRUE(send_str(client.sockets, c, "x"));
  net.deliver(now);
  EXPECT_NE(server.sockets.wake_generation(s), gs);
  EXPECT_NE(std::find(woken.begin(), woken.end(), s.value), woken.end());
  server.sockets.set_wake_hook(nullptr, nullptr);
}

TEST_F(SocketTest, ConnectToClosedPortIsRefused) {
  SocketHandle c = client.sockets.socket(SocketType::kStream).value();
  ASSERT_TRUE(client.sockets.connect(c, Endpoint{kServerIp, 8080}, now).ok());
  net.deliver(now);
  // Linux's poll() after a refused connect: POLLIN|POLLOUT|POLLERR|POLLHUP.
  EXPECT_EQ(client.sockets.readiness(c),
            uint32_t{kSocketReadable | kSocketWritable | kSocketError | kSocketHangup});
  EXPECT_EQ(client.sockets.connect_result(c).error(), Error::kConnectionRefused);
  // Reported, so no longer pending; the socket is unconnected again.
  EXPECT_EQ(client.sockets.readiness(c), uint32_t{kSocketWritable | kSocketHangup});
  EXPECT_EQ(client.sockets.connect_result(c).error(), Error::kNotConnected);
}

// The contract session: httpd serves, is killed (its sockets aborted), the
// host is refused, httpd restarts and binds the same port at once.
TEST_F(SocketTest, KilledServerFreesPortAndRestarts) {
  SocketHandle l = listen_on(8080);
  auto [c, s] = connect_pair(l, 8080);
  ASSERT_TRUE(send_str(server.sockets, s, "200"));
  ASSERT_TRUE(server.sockets.close(s, now).ok());  // server closes first: TIME_WAIT
  net.deliver(now);
  EXPECT_EQ(recv_str(client.sockets, c), "200");
  ASSERT_TRUE(client.sockets.close(c, now).ok());
  net.deliver(now);

  ASSERT_TRUE(server.sockets.abort(l).ok());  // kill
  SocketHandle refused = client.sockets.socket(SocketType::kStream).value();
  ASSERT_TRUE(client.sockets.connect(refused, Endpoint{kServerIp, 8080}, now).ok());
  net.deliver(now);
  EXPECT_EQ(client.sockets.connect_result(refused).error(), Error::kConnectionRefused);
  ASSERT_TRUE(client.sockets.close(refused, now).ok());

  SocketHandle l2 = listen_on(8080);  // restart while TIME_WAIT lingers
  auto [c2, s2] = connect_pair(l2, 8080);
  ASSERT_TRUE(send_str(server.sockets, s2, "200 again"));
  net.deliver(now);
  EXPECT_EQ(recv_str(client.sockets, c2), "200 again");
}

TEST_F(SocketTest, TwoHundredSequentialConnectionsLeaveNothingBehind) {
  SocketHandle l = listen_on(8080);
  for (int i = 0; i < 200; ++i) {
    auto [c, s] = connect_pair(l, 8080);
    ASSERT_TRUE(send_str(client.sockets, c, "GET"));
    net.deliver(now);
    ASSERT_EQ(recv_str(server.sockets, s), "GET");
    ASSERT_TRUE(send_str(server.sockets, s, "OK"));
    ASSERT_TRUE(server.sockets.close(s, now).ok());
    net.deliver(now);
    ASSERT_EQ(recv_str(client.sockets, c), "OK");
    ASSERT_TRUE(client.sockets.close(c, now).ok());
    net.deliver(now);
    now += 10;
  }
  EXPECT_EQ(server.sockets.open_count(), 1);  // the listener
  EXPECT_EQ(client.sockets.open_count(), 0);
  EXPECT_EQ(client.iface.tcp().connection_count(), 0u);
  // The server closed first, so TIME_WAITs linger (capped by the table)
  // and expire after 2 MSL.
  EXPECT_LE(server.iface.tcp().connection_count(), server.iface.tcp().capacity());
  net.run(&now, now + 120000, [] { return false; });
  EXPECT_EQ(server.iface.tcp().connection_count(), 1u);
  EXPECT_EQ(server.iface.counters().dropped_total(), 0u);
  EXPECT_EQ(client.iface.counters().dropped_total(), 0u);
}

TEST_F(SocketTest, LossyTransferThroughSockets) {
  server.device.drop_every = 4;
  client.device.drop_every = 6;
  SocketHandle l = listen_on(8080);
  SocketHandle c = client.sockets.socket(SocketType::kStream).value();
  ASSERT_TRUE(client.sockets.connect(c, Endpoint{kServerIp, 8080}, now).ok());
  SocketHandle s{};
  ASSERT_TRUE(net.run(&now, 60000, [&] {
    if (s.value == 0) {
      auto a = server.sockets.accept(l, nullptr);
      if (a.ok()) s = a.value();
    }
    return s.value != 0 && client.sockets.connect_result(c).ok();
  }));
  std::string body(20000, 0);
  for (size_t i = 0; i < body.size(); ++i) body[i] = char(i * 7);
  size_t sent = 0;
  std::string got;
  ASSERT_TRUE(net.run(&now, 600000, [&] {
    if (sent < body.size()) {
      auto r = server.sockets.send(s, reinterpret_cast<const uint8_t*>(body.data()) + sent,
                                   body.size() - sent, now);
      if (r.ok()) sent += r.value();
    }
    char buf[1024];
    for (;;) {
      auto r = client.sockets.recv(c, reinterpret_cast<uint8_t*>(buf), sizeof buf, now);
      if (!r.ok() || r.value() == 0) break;
      got.append(buf, r.value());
    }
    return got.size() == body.size();
  }));
  EXPECT_TRUE(got == body);
}

TEST_F(SocketTest, UdpSendToRecvFrom) {
  SocketHandle srv = server.sockets.socket(SocketType::kDatagram).value();
  ASSERT_TRUE(server.sockets.bind(srv, Endpoint{Ipv4Address::any(), 7}).ok());
  SocketHandle cli = client.sockets.socket(SocketType::kDatagram).value();
  const uint8_t msg[] = {'e', 'c', 'h', 'o'};
  ASSERT_EQ(client.sockets.send_to(cli, Endpoint{kServerIp, 7}, msg, 4, now).value_or(0), 4u);
  net.deliver(now);
  EXPECT_TRUE(server.sockets.readiness(srv) & kSocketReadable);
  uint8_t buf[16];
  Endpoint from;
  ASSERT_EQ(server.sockets.recv_from(srv, buf, sizeof buf, &from, now).value_or(0), 4u);
  EXPECT_EQ(from.addr, kClientIp);
  ASSERT_EQ(server.sockets.send_to(srv, from, buf, 4, now).value_or(0), 4u);
  net.deliver(now);
  EXPECT_EQ(client.sockets.recv_from(cli, buf, sizeof buf, nullptr, now).value_or(0), 4u);
  EXPECT_EQ(client.sockets.recv_from(cli, buf, sizeof buf, nullptr, now).error(), Error::kWouldBlock);
  ASSERT_TRUE(server.sockets.close(srv, now).ok());
  SocketHandle again = server.sockets.socket(SocketType::kDatagram).value();
  EXPECT_TRUE(server.sockets.bind(again, Endpoint{Ipv4Address::any(), 7}).ok());  // port free at once
}

// Pollers are woken by a socket's change only when a poll scan saw the
// socket and it gained something that scan did not see (socket_table.h,
// "Waking"): traffic on sockets nobody polls, or that a poller already saw
// ready, wakes no poller.
TEST_F(SocketTest, PollersAreWokenOnlyForWhatTheirScanDidNotSee) {
  struct Wakes {
    SocketTable* table;
    std::vector<bool> pollers;  // pollers_may_wait_for() at each wake
  } wakes{&server.sockets, {}};
  server.sockets.set_wake_hook(
      [](void* ctx, SocketHandle h) {
        auto* w = static_cast<Wakes*>(ctx);
        w->pollers.push_back(w->table->pollers_may_wait_for(h));
      },
      &wakes);
  auto any_poller_woken = [&] {
    bool any = std::find(wakes.pollers.begin(), wakes.pollers.end(), true) != wakes.pollers.end();
    wakes.pollers.clear();
    return any;
  };
  SocketHandle l = listen_on(8080);
  // Nobody polls the listener: a new connection wakes no poller.
  auto [c1, s1] = connect_pair(l, 8080);
  EXPECT_FALSE(any_poller_woken());
  // Polled while nothing is pending: the next connection does.
  EXPECT_EQ(server.sockets.poll(l), 0u);
  SocketHandle c2 = client.sockets.socket(SocketType::kStream).value();
  ASSERT_TRUE(client.sockets.connect(c2, Endpoint{kServerIp, 8080}, now).ok());
  net.deliver(now);
  EXPECT_TRUE(any_poller_woken());
  // A connection polled when writable: data makes it readable, a poller wakes;
  // once a scan has seen it readable, more data wakes nobody.
  SocketOptions no_delay = client.sockets.options(c1).value();
  no_delay.no_delay = true;  // each send a segment at once
  ASSERT_TRUE(client.sockets.set_options(c1, no_delay).ok());
  EXPECT_EQ(server.sockets.poll(s1), uint32_t{kSocketWritable});
  ASSERT_TRUE(send_str(client.sockets, c1, "one"));
  net.deliver(now);
  EXPECT_TRUE(any_poller_woken());
  EXPECT_EQ(server.sockets.poll(s1), uint32_t{kSocketWritable | kSocketReadable});
  ASSERT_TRUE(send_str(client.sockets, c1, "two"));
  net.deliver(now);
  EXPECT_FALSE(any_poller_woken());
  // Read empty and scanned again: the next data wakes again.
  EXPECT_EQ(recv_str(server.sockets, s1), "onetwo");
  EXPECT_EQ(server.sockets.poll(s1), uint32_t{kSocketWritable});
  ASSERT_TRUE(send_str(client.sockets, c1, "three"));
  net.deliver(now);
  EXPECT_TRUE(any_poller_woken());
  // A socket closed under a poller wakes; one nobody polled does not.
  ASSERT_TRUE(server.sockets.close(s1, now).ok());
  EXPECT_TRUE(any_poller_woken());
  SocketHandle s2 = server.sockets.accept(l, nullptr).value();
  ASSERT_TRUE(server.sockets.close(s2, now).ok());
  EXPECT_FALSE(any_poller_woken());
  (void)c2;
  server.sockets.set_wake_hook(nullptr, nullptr);
}

}  // namespace
}  // namespace akuma::net
