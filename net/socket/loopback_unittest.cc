// Sockets talking to themselves: TCP and UDP over 127.0.0.0/8 and over the
// host's own address, with no NIC at all or with one that must stay silent.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "net/socket/testing/socket_host.h"

namespace akuma::net {
namespace {

using testing::kHostIp;
using testing::kLoopback;
using testing::kOtherIp;
using testing::SocketHost;

bool ephemeral(uint16_t port) { return port >= 32768 && port <= 60999; }

TEST(Loopback, TcpBothWaysWithoutANic) {
  SocketHost h(/*with_device=*/false);
  SocketHandle l = h.listener(Endpoint{kLoopback, 8080});
  Endpoint peer;
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 8080}, &peer);

  Endpoint client_local = h.sockets.local_endpoint(c).value();
  EXPECT_EQ(client_local.addr, kLoopback);  // source for 127.0.0.1 is 127.0.0.1
  EXPECT_TRUE(ephemeral(client_local.port));
  EXPECT_EQ(peer, client_local);
  EXPECT_EQ(h.sockets.remote_endpoint(c).value(), (Endpoint{kLoopback, 8080}));
  EXPECT_EQ(h.sockets.local_endpoint(s).value(), (Endpoint{kLoopback, 8080}));
  EXPECT_EQ(h.sockets.remote_endpoint(s).value(), client_local);

  ASSERT_TRUE(h.send_str(c, "ping"));
  EXPECT_EQ(h.recv_str(s), "<would block>");  // delivered by poll(), not by send()
  h.settle();
  EXPECT_EQ(h.recv_str(s), "ping");
  ASSERT_TRUE(h.send_str(s, "pong"));
  h.settle();
  EXPECT_EQ(h.recv_str(c), "pong");

  // FIN from the client: the server reads end of stream, still sends.
  ASSERT_TRUE(h.sockets.shutdown(c, Shutdown::kWrite, h.now).ok());
  h.settle();
  EXPECT_EQ(h.recv_str(s), "");
  ASSERT_TRUE(h.send_str(s, "bye"));
  ASSERT_TRUE(h.sockets.close(s, h.now).ok());
  h.settle();
  EXPECT_EQ(h.recv_str(c), "bye");
  EXPECT_EQ(h.recv_str(c), "");
  EXPECT_TRUE(h.sockets.readiness(c) & kSocketHangup);
  ASSERT_TRUE(h.sockets.close(c, h.now).ok());
  h.settle();

  EXPECT_EQ(h.iface.counters().tx_packets, 0u);
  EXPECT_GT(h.iface.counters().local_packets, 8u);
  EXPECT_EQ(h.iface.counters().dropped_total(), 0u);
  EXPECT_EQ(h.sockets.open_count(), 1);
}

TEST(Loopback, ListenerOnAnyTakesLoopbackAndOwnAddressWithoutTouchingTheNic) {
  SocketHost h;
  SocketHandle l = h.listener(Endpoint{Ipv4Address::any(), 80});
  auto [c1, s1] = h.connect_pair(l, Endpoint{kLoopback, 80});
  auto [c2, s2] = h.connect_pair(l, Endpoint{kHostIp, 80});
  EXPECT_EQ(h.sockets.local_endpoint(c1).value().addr, kLoopback);
  EXPECT_EQ(h.sockets.local_endpoint(c2).value().addr, kHostIp);  // source for our own address
  EXPECT_EQ(h.sockets.local_endpoint(s1).value(), (Endpoint{kLoopback, 80}));
  EXPECT_EQ(h.sockets.local_endpoint(s2).value(), (Endpoint{kHostIp, 80}));
  ASSERT_TRUE(h.send_str(c2, "x"));
  h.settle();
  EXPECT_EQ(h.recv_str(s2), "x");
  EXPECT_TRUE(h.device.sent.empty());  // no ARP, no frames
  EXPECT_EQ(h.iface.counters().tx_packets, 0u);
}

TEST(Loopback, ConnectToAnyAddressReachesLoopback) {
  SocketHost h(false);
  SocketHandle l = h.listener(Endpoint{kLoopback, 7});
  auto [c, s] = h.connect_pair(l, Endpoint{Ipv4Address::any(), 7});  // Linux: 0.0.0.0 = this host
  EXPECT_EQ(h.sockets.remote_endpoint(c).value(), (Endpoint{kLoopback, 7}));
  (void)s;
}

TEST(Loopback, ManyConnectionsInARow) {
  SocketHost h(false);
  SocketHandle l = h.listener(Endpoint{Ipv4Address::any(), 9000});
  std::set<uint16_t> ports;
  for (int i = 0; i < 300; ++i) {
    auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 9000});
    ports.insert(h.sockets.local_endpoint(c).value().port);
    ASSERT_TRUE(h.send_str(c, "GET " + std::to_string(i)));
    h.settle();
    ASSERT_EQ(h.recv_str(s), "GET " + std::to_string(i));
    ASSERT_TRUE(h.send_str(s, "OK"));
    h.settle();
    ASSERT_EQ(h.recv_str(c), "OK");
    // Alternate who closes first: either side may be left in TIME_WAIT.
    // (Each has read everything: data for a closed socket would be reset.)
    SocketHandle first = i % 2 ? c : s, second = i % 2 ? s : c;
    ASSERT_TRUE(h.sockets.close(first, h.now).ok());
    h.settle();
    ASSERT_TRUE(h.sockets.close(second, h.now).ok());
    h.settle();
    h.now += 10;
  }
  EXPECT_EQ(ports.size(), 300u);  // TIME_WAIT ports are not handed out again
  EXPECT_EQ(h.sockets.open_count(), 1);
  EXPECT_LE(h.iface.tcp().connection_count(), h.iface.tcp().capacity());
  // TIME_WAITs expire.
  while (h.iface.next_deadline() != 0) {
    h.now = h.iface.next_deadline();
    h.iface.poll(h.now);
  }
  EXPECT_EQ(h.iface.tcp().connection_count(), 1u);  // the listener
  EXPECT_EQ(h.iface.counters().dropped_total(), 0u);
}

TEST(Loopback, LargeTransferBothWaysAtOnce) {
  SocketHost h(false);
  SocketHandle l = h.listener(Endpoint{kLoopback, 5000});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 5000});
  std::string a(100000, 0), b(70000, 0);
  // Bytes with the top bit set: a chunk never starts with recv_str's '<'.
  for (size_t i = 0; i < a.size(); ++i) a[i] = char(0x80 | (i * 13));
  for (size_t i = 0; i < b.size(); ++i) b[i] = char(0x80 | (i * 7 + 1));
  size_t sent_a = 0, sent_b = 0;
  std::string got_a, got_b;
  auto pump = [&](SocketHandle from, const std::string& data, size_t* sent) {
    if (*sent == data.size()) return;
    auto r = h.sockets.send(from, reinterpret_cast<const uint8_t*>(data.data()) + *sent,
                            data.size() - *sent, h.now);
    if (r.ok()) *sent += r.value();
  };
  for (int round = 0; round < 10000 && (got_a.size() < a.size() || got_b.size() < b.size()); ++round) {
    pump(c, a, &sent_a);
    pump(s, b, &sent_b);
    h.now += 1;  // the clock moves, so delayed ACKs go out as in the kernel
    h.iface.poll(h.now);
    h.settle();
    for (std::string r; !(r = h.recv_str(s, 2048)).empty() && r[0] != '<';) got_a += r;
    for (std::string r; !(r = h.recv_str(c, 2048)).empty() && r[0] != '<';) got_b += r;
  }
  EXPECT_TRUE(got_a == a);
  EXPECT_TRUE(got_b == b);
  EXPECT_EQ(h.iface.counters().dropped_total(), 0u);
}

TEST(Loopback, ConnectToClosedPortIsRefusedAndResetIsSeen) {
  SocketHost h(false);
  SocketHandle c = h.stream();
  ASSERT_TRUE(h.sockets.connect(c, Endpoint{kLoopback, 1}, h.now).ok());
  h.settle();
  EXPECT_EQ(h.sockets.connect_result(c).error(), Error::kConnectionRefused);

  // A reset connection: ECONNRESET once, then end of stream; sends fail.
  SocketHandle l = h.listener(Endpoint{kLoopback, 2});
  auto [c2, s2] = h.connect_pair(l, Endpoint{kLoopback, 2});
  ASSERT_TRUE(h.send_str(c2, "unread"));
  h.settle();
  ASSERT_TRUE(h.sockets.abort(s2).ok());  // RST
  h.settle();
  EXPECT_EQ(h.sockets.readiness(c2),
            uint32_t{kSocketReadable | kSocketWritable | kSocketError | kSocketHangup});
  EXPECT_EQ(h.recv_str(c2), "<connection reset>");
  EXPECT_EQ(h.recv_str(c2), "");
  EXPECT_EQ(h.recv_str(c2), "");
  EXPECT_FALSE(h.send_str(c2, "x"));
  uint8_t x = 0;
  EXPECT_EQ(h.sockets.send(c2, &x, 1, h.now).error(), Error::kBrokenPipe);
}

TEST(Loopback, UdpKeepsDatagramBoundariesAndSources) {
  SocketHost h(false);
  SocketHandle srv = h.datagram();
  ASSERT_TRUE(h.sockets.bind(srv, Endpoint{kLoopback, 53}).ok());
  SocketHandle cli = h.datagram();  // unbound: sendto picks a port
  const uint8_t one[] = {1}, three[] = {3, 3, 3}, empty[1] = {};
  ASSERT_EQ(h.sockets.send_to(cli, Endpoint{kLoopback, 53}, three, 3, h.now).value_or(0), 3u);
  ASSERT_EQ(h.sockets.send_to(cli, Endpoint{kLoopback, 53}, empty, 0, h.now).value_or(9), 0u);
  ASSERT_EQ(h.sockets.send_to(cli, Endpoint{kLoopback, 53}, one, 1, h.now).value_or(0), 1u);
  Endpoint cli_local = h.sockets.local_endpoint(cli).value();
  EXPECT_TRUE(cli_local.addr.is_any());
  EXPECT_TRUE(ephemeral(cli_local.port));
  EXPECT_FALSE(h.sockets.readiness(srv) & kSocketReadable);
  h.settle();
  EXPECT_TRUE(h.sockets.readiness(srv) & kSocketReadable);
  uint8_t buf[8];
  Endpoint from;
  EXPECT_EQ(h.sockets.recv_from(srv, buf, 2, &from, h.now).value_or(0), 2u);  // truncated
  EXPECT_EQ(from, (Endpoint{kLoopback, cli_local.port}));
  EXPECT_EQ(h.sockets.recv_from(srv, buf, sizeof buf, &from, h.now).value_or(9), 0u);
  EXPECT_EQ(h.sockets.recv_from(srv, buf, sizeof buf, &from, h.now).value_or(0), 1u);
  EXPECT_EQ(h.sockets.recv_from(srv, buf, sizeof buf, &from, h.now).error(), Error::kWouldBlock);
  // The reply goes back to the sender's port.
  ASSERT_TRUE(h.sockets.send_to(srv, from, three, 3, h.now).ok());
  h.settle();
  EXPECT_EQ(h.sockets.recv_from(cli, buf, sizeof buf, &from, h.now).value_or(0), 3u);
  EXPECT_EQ(from, (Endpoint{kLoopback, 53}));
  EXPECT_TRUE(h.sockets.readiness(cli) & kSocketWritable);
}

TEST(Loopback, ConnectedUdpUsesItsPeerAndFiltersOthers) {
  SocketHost h;
  SocketHandle a = h.datagram(), b = h.datagram(), stranger = h.datagram();
  ASSERT_TRUE(h.sockets.bind(a, Endpoint{Ipv4Address::any(), 4000}).ok());
  ASSERT_TRUE(h.sockets.connect(b, Endpoint{kLoopback, 4000}, h.now).ok());
  // connect() bound b and narrowed it to the source it uses, as Linux does.
  Endpoint b_local = h.sockets.local_endpoint(b).value();
  EXPECT_EQ(b_local.addr, kLoopback);
  EXPECT_TRUE(ephemeral(b_local.port));
  EXPECT_EQ(h.sockets.remote_endpoint(b).value(), (Endpoint{kLoopback, 4000}));
  EXPECT_EQ(h.sockets.remote_endpoint(a).error(), Error::kNotConnected);

  const uint8_t m[] = {'m'};
  ASSERT_EQ(h.sockets.send(b, m, 1, h.now).value_or(0), 1u);  // to the peer
  ASSERT_TRUE(h.sockets.send_to(stranger, b_local, m, 1, h.now).ok());
  ASSERT_TRUE(h.sockets.send_to(a, b_local, m, 1, h.now).ok());
  h.settle();
  uint8_t buf[4];
  Endpoint from;
  EXPECT_EQ(h.sockets.recv_from(a, buf, sizeof buf, &from, h.now).value_or(0), 1u);
  EXPECT_EQ(from, b_local);
  EXPECT_EQ(h.sockets.recv_from(b, buf, sizeof buf, &from, h.now).value_or(0), 1u);
  EXPECT_EQ(from.port, 4000);  // only the peer's datagram
  EXPECT_EQ(h.sockets.recv(b, buf, sizeof buf, h.now).error(), Error::kWouldBlock);
  EXPECT_EQ(h.iface.counters().dropped(DropReason::kNoSocket), 1u);
  EXPECT_TRUE(h.device.sent.empty());
}

TEST(Loopback, UdpReceiveQueueIsBoundedAndDropsAreCounted) {
  SocketHost h(false);
  SocketHandle r = h.datagram(), w = h.datagram();
  ASSERT_TRUE(h.sockets.bind(r, Endpoint{kLoopback, 7}).ok());
  uint8_t data[1000] = {};
  int sent = 0;
  for (; sent < 40; ++sent) {
    ASSERT_TRUE(h.sockets.send_to(w, Endpoint{kLoopback, 7}, data, sizeof data, h.now).ok());
    h.settle();
  }
  SocketInfo infos[SocketTable::kCapacity];
  size_t n = h.sockets.list(infos, SocketTable::kCapacity);
  ASSERT_EQ(n, 2u);
  uint64_t dropped = infos[0].datagrams_dropped;
  EXPECT_GT(dropped, 0u);
  EXPECT_EQ(h.iface.counters().dropped(DropReason::kQueueFull), dropped);
  int got = 0;
  uint8_t buf[1000];
  while (h.sockets.recv(r, buf, sizeof buf, h.now).ok()) ++got;
  EXPECT_EQ(uint64_t(got) + dropped, uint64_t(sent));
}

// As with Linux's loopback, a datagram lost on the way is not the sender's
// error: sendto succeeds, the interface counts the drop.
TEST(Loopback, UdpSendIntoAFullLocalQueueSucceedsAndIsCounted) {
  SocketHost h(false);
  SocketHandle r = h.datagram(), w = h.datagram();
  ASSERT_TRUE(h.sockets.bind(r, Endpoint{kLoopback, 7}).ok());
  uint8_t data[1000] = {};
  const int fit = int(Interface::kLocalQueueBytes / (2 + 28 + sizeof data));
  for (int i = 0; i < fit + 5; ++i) {
    ASSERT_EQ(h.sockets.send_to(w, Endpoint{kLoopback, 7}, data, sizeof data, h.now).value_or(0),
              sizeof data);
  }
  EXPECT_EQ(h.iface.counters().dropped(DropReason::kQueueFull), 5u);
  EXPECT_EQ(h.iface.local_pending(), size_t(fit));
}

TEST(Loopback, UdpOverTheNicStillWorks) {
  SocketHost a, b(true, kOtherIp, MacAddress{{2, 0, 0, 0, 0, 2}});
  testing::Network net;
  net.attach(&a.device, &a.iface);
  net.attach(&b.device, &b.iface);
  SocketHandle srv = b.datagram();
  ASSERT_TRUE(b.sockets.bind(srv, Endpoint{Ipv4Address::any(), 53}).ok());
  SocketHandle cli = a.datagram();
  ASSERT_TRUE(a.sockets.connect(cli, Endpoint{kOtherIp, 53}, 0).ok());
  EXPECT_EQ(a.sockets.local_endpoint(cli).value().addr, kHostIp);
  const uint8_t q[] = {'q', '?'};
  ASSERT_EQ(a.sockets.send(cli, q, 2, 0).value_or(0), 2u);
  net.deliver(0);
  uint8_t buf[4];
  Endpoint from;
  ASSERT_EQ(b.sockets.recv_from(srv, buf, sizeof buf, &from, 0).value_or(0), 2u);
  EXPECT_EQ(from.addr, kHostIp);
  ASSERT_TRUE(b.sockets.send_to(srv, from, q, 1, 0).ok());
  net.deliver(0);
  EXPECT_EQ(a.sockets.recv(cli, buf, sizeof buf, 0).value_or(0), 1u);
  EXPECT_EQ(a.iface.counters().local_packets, 0u);
}

}  // namespace
}  // namespace akuma::net
