// The socket table's Linux semantics, call by call: bind, listen, accept,
// connect, shutdown, errors, options and readiness (poll), on one host over
// loopback (see socket_table.h for the rules these pin).
#include <gtest/gtest.h>

#include "net/socket/testing/socket_host.h"

namespace akuma::net {
namespace {

using testing::kHostIp;
using testing::kLoopback;
using testing::kOtherIp;
using testing::SocketHost;

constexpr Ipv4Address kAny = Ipv4Address::any();

bool ephemeral(uint16_t port) { return port >= 32768 && port <= 60999; }

class Semantics : public ::testing::Test {
 protected:
  SocketHost h;
  SocketTable& t = h.sockets;
};

// ---------------------------------------------------------------- bind

TEST_F(Semantics, BindAcceptsOnlyLocalAddresses) {
  EXPECT_EQ(t.bind(h.stream(), Endpoint{kOtherIp, 80}).error(), Error::kAddressNotAvailable);
  EXPECT_EQ(t.bind(h.stream(), Endpoint{Ipv4Address::broadcast(), 80}).error(),
            Error::kAddressNotAvailable);
  EXPECT_TRUE(t.bind(h.stream(), Endpoint{kAny, 80}).ok());
  EXPECT_TRUE(t.bind(h.stream(), Endpoint{Ipv4Address::from(127, 3, 4, 5), 81}).ok());
  EXPECT_TRUE(t.bind(h.stream(), Endpoint{kHostIp, 82}).ok());
  EXPECT_TRUE(t.bind(h.datagram(), Endpoint{kLoopback, 83}).ok());
  SocketHost lo(false);  // no address of its own: only any and 127.x
  EXPECT_EQ(lo.sockets.bind(lo.stream(), Endpoint{kHostIp, 80}).error(), Error::kAddressNotAvailable);
  EXPECT_TRUE(lo.sockets.bind(lo.stream(), Endpoint{kLoopback, 80}).ok());
}

TEST_F(Semantics, BindTwiceOrAfterConnectIsInvalid) {
  SocketHandle s = h.stream();
  ASSERT_TRUE(t.bind(s, Endpoint{kAny, 80}).ok());
  EXPECT_EQ(t.bind(s, Endpoint{kAny, 81}).error(), Error::kInvalidArgument);
  SocketHandle c = h.stream();
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 80}, h.now).ok());
  EXPECT_EQ(t.bind(c, Endpoint{kAny, 90}).error(), Error::kInvalidArgument);
  SocketHandle u = h.datagram();
  ASSERT_TRUE(t.send_to(u, Endpoint{kLoopback, 9}, nullptr, 0, h.now).ok());  // autobinds
  EXPECT_EQ(t.bind(u, Endpoint{kAny, 91}).error(), Error::kInvalidArgument);
}

TEST_F(Semantics, PortZeroPicksAnEphemeralPortNotInUse) {
  SocketHandle a = h.stream(), b = h.stream(), u = h.datagram();
  ASSERT_TRUE(t.bind(a, Endpoint{kAny, 0}).ok());
  ASSERT_TRUE(t.bind(b, Endpoint{kLoopback, 0}).ok());
  ASSERT_TRUE(t.bind(u, Endpoint{kAny, 0}).ok());
  Endpoint ea = t.local_endpoint(a).value(), eb = t.local_endpoint(b).value();
  EXPECT_TRUE(ephemeral(ea.port));
  EXPECT_TRUE(ephemeral(eb.port));
  EXPECT_NE(ea.port, eb.port);
  EXPECT_EQ(eb.addr, kLoopback);
  EXPECT_TRUE(ephemeral(t.local_endpoint(u).value().port));
  // A port taken explicitly is skipped when the picker gets there.
  SocketHandle c = h.stream();
  ASSERT_TRUE(t.bind(c, Endpoint{kAny, uint16_t(eb.port + 1)}).ok());
  SocketHandle d = h.stream();
  ASSERT_TRUE(t.bind(d, Endpoint{kAny, 0}).ok());
  EXPECT_NE(t.local_endpoint(d).value().port, eb.port + 1);
}

TEST_F(Semantics, AddressInUseWhenAddressesOverlap) {
  SocketHandle any = h.listener(Endpoint{kAny, 80});
  EXPECT_EQ(t.bind(h.stream(), Endpoint{kLoopback, 80}).error(), Error::kExists);
  EXPECT_EQ(t.bind(h.stream(), Endpoint{kAny, 80}).error(), Error::kExists);
  EXPECT_TRUE(t.bind(h.datagram(), Endpoint{kAny, 80}).ok());  // UDP: its own ports
  // Different specific addresses share a port, each with its own listener.
  SocketHandle lo = h.listener(Endpoint{kLoopback, 81});
  SocketHandle own = h.listener(Endpoint{kHostIp, 81});
  EXPECT_EQ(t.bind(h.stream(), Endpoint{kAny, 81}).error(), Error::kExists);
  auto [c1, s1] = h.connect_pair(lo, Endpoint{kLoopback, 81});
  auto [c2, s2] = h.connect_pair(own, Endpoint{kHostIp, 81});
  EXPECT_EQ(t.local_endpoint(s1).value().addr, kLoopback);
  EXPECT_EQ(t.local_endpoint(s2).value().addr, kHostIp);
  // A connecting socket holds its (automatic) port too.
  Endpoint client = t.local_endpoint(c1).value();
  EXPECT_EQ(t.bind(h.stream(), Endpoint{kAny, client.port}).error(), Error::kExists);
  // Closing frees a port at once.
  ASSERT_TRUE(t.close(any, h.now).ok());
  EXPECT_TRUE(t.bind(h.stream(), Endpoint{kLoopback, 80}).ok());
  (void)c2;
}

TEST_F(Semantics, ReuseAddrSharesAPortOnlyWhileNobodyListens) {
  auto reusing = [&] {
    SocketHandle s = h.stream();
    EXPECT_TRUE(t.set_options(s, SocketOptions{.reuse_addr = true}).ok());
    return s;
  };
  SocketHandle a = reusing(), b = reusing(), plain = h.stream();
  ASSERT_TRUE(t.bind(a, Endpoint{kAny, 5000}).ok());
  EXPECT_EQ(t.bind(plain, Endpoint{kAny, 5000}).error(), Error::kExists);  // both must ask
  ASSERT_TRUE(t.bind(b, Endpoint{kAny, 5000}).ok());
  ASSERT_TRUE(t.listen(a, 4, h.now).ok());
  EXPECT_EQ(t.listen(b, 4, h.now).error(), Error::kExists);  // one listener per port
  EXPECT_EQ(t.bind(reusing(), Endpoint{kAny, 5000}).error(), Error::kExists);  // a listens now
  EXPECT_TRUE(t.options(a).value().reuse_addr);
  EXPECT_FALSE(t.options(plain).value().reuse_addr);
}

// Deliberately unlike Linux (see socket_table.h): what a closed connection
// leaves behind never blocks the port.
TEST_F(Semantics, TimeWaitAndAcceptedConnectionsNeverBlockBind) {
  SocketHandle l = h.listener(Endpoint{kAny, 8080});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 8080});
  ASSERT_TRUE(t.close(s, h.now).ok());  // the server closes first: its side ends in TIME_WAIT
  h.settle();
  ASSERT_TRUE(t.close(c, h.now).ok());
  h.settle();
  ASSERT_TRUE(t.close(l, h.now).ok());
  EXPECT_EQ(h.iface.tcp().connection_count(), 1u);  // the TIME_WAIT on port 8080
  SocketHandle again = h.listener(Endpoint{kAny, 8080});  // no SO_REUSEADDR needed

  auto [c2, s2] = h.connect_pair(again, Endpoint{kLoopback, 8080});
  ASSERT_TRUE(t.close(again, h.now).ok());
  // s2 (accepted, still open) holds no port either.
  EXPECT_TRUE(t.bind(h.stream(), Endpoint{kAny, 8080}).ok());
  (void)c2;
  (void)s2;
}

// ---------------------------------------------------------------- listen, accept, connect

TEST_F(Semantics, ListenAndAcceptErrors) {
  SocketHandle u = h.datagram();
  EXPECT_EQ(t.listen(u, 4, h.now).error(), Error::kOperationNotSupported);
  EXPECT_EQ(t.accept(u, nullptr).error(), Error::kOperationNotSupported);
  SocketHandle s = h.stream();
  EXPECT_EQ(t.accept(s, nullptr).error(), Error::kInvalidArgument);  // not listening
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  EXPECT_EQ(t.accept(l, nullptr).error(), Error::kWouldBlock);
  EXPECT_TRUE(t.listen(l, 16, h.now).ok());  // again: only the backlog changes
  auto [c, a] = h.connect_pair(l, Endpoint{kLoopback, 80});
  EXPECT_EQ(t.listen(c, 4, h.now).error(), Error::kInvalidArgument);  // connected
  EXPECT_EQ(t.listen(a, 4, h.now).error(), Error::kInvalidArgument);  // accepted
  EXPECT_EQ(t.accept(c, nullptr).error(), Error::kInvalidArgument);
  EXPECT_EQ(t.connect(l, Endpoint{kLoopback, 80}, h.now).error(), Error::kAlreadyConnected);
}

TEST_F(Semantics, ListenOnAnUnboundSocketPicksAPort) {
  SocketHandle l = h.stream();
  ASSERT_TRUE(t.listen(l, 4, h.now).ok());
  Endpoint at = t.local_endpoint(l).value();
  EXPECT_TRUE(at.addr.is_any());
  EXPECT_TRUE(ephemeral(at.port));
  h.connect_pair(l, Endpoint{kLoopback, at.port});
}

TEST_F(Semantics, NonBlockingConnectSequence) {
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  SocketHandle c = h.stream();
  EXPECT_EQ(t.connect_result(c).error(), Error::kNotConnected);
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 80}, h.now).ok());  // EINPROGRESS for the caller
  EXPECT_EQ(t.connect(c, Endpoint{kLoopback, 80}, h.now).error(), Error::kAlreadyInProgress);
  EXPECT_EQ(t.readiness(c), 0u);
  EXPECT_EQ(t.remote_endpoint(c).error(), Error::kNotConnected);
  h.settle();
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketWritable});
  EXPECT_EQ(t.take_error(c).value().pending, false);  // SO_ERROR 0
  EXPECT_TRUE(t.connect(c, Endpoint{kLoopback, 80}, h.now).ok());  // reports success once...
  EXPECT_EQ(t.connect(c, Endpoint{kLoopback, 80}, h.now).error(), Error::kAlreadyConnected);
  EXPECT_TRUE(t.connect_result(c).ok());
  EXPECT_TRUE(t.accept(l, nullptr).ok());
}

TEST_F(Semantics, SoErrorReportsARefusedConnectOnce) {
  SocketHandle c = h.stream();
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 9}, h.now).ok());
  Endpoint auto_bound = t.local_endpoint(c).value();
  EXPECT_TRUE(ephemeral(auto_bound.port));
  h.settle();
  EXPECT_TRUE(t.readiness(c) & kSocketError);
  PendingError e = t.take_error(c).value();
  EXPECT_TRUE(e.pending);
  EXPECT_EQ(e.error, Error::kConnectionRefused);
  EXPECT_FALSE(t.take_error(c).value().pending);  // read once
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketReadable | kSocketWritable | kSocketHangup});
  EXPECT_EQ(h.recv_str(c), "");                   // no error left: end of stream
  // The socket may connect again.
  SocketHandle l = h.listener(Endpoint{kLoopback, 9});
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 9}, h.now).ok());
  h.settle();
  EXPECT_TRUE(t.connect_result(c).ok());
  EXPECT_TRUE(t.accept(l, nullptr).ok());
}

TEST_F(Semantics, AFailedConnectGivesItsAutomaticPortBack) {
  SocketHandle c = h.stream();
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 9}, h.now).ok());
  h.settle();
  EXPECT_EQ(t.connect_result(c).error(), Error::kConnectionRefused);
  EXPECT_EQ(t.local_endpoint(c).value(), Endpoint{});  // unbound again, as in Linux
  EXPECT_TRUE(t.bind(c, Endpoint{kLoopback, 1234}).ok());
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 9}, h.now).ok());
  h.settle();
  EXPECT_EQ(t.connect_result(c).error(), Error::kConnectionRefused);
  EXPECT_EQ(t.local_endpoint(c).value(), (Endpoint{kLoopback, 1234}));  // bound by the user: kept
}

TEST_F(Semantics, ConnectRoutes) {
  SocketHost lo(false);
  EXPECT_EQ(lo.sockets.connect(lo.stream(), Endpoint{kOtherIp, 80}, 0).error(),
            Error::kNetworkUnreachable);
  EXPECT_EQ(lo.sockets.connect(lo.datagram(), Endpoint{kOtherIp, 80}, 0).error(),
            Error::kNetworkUnreachable);
  // Bound to 127.0.0.1, a socket cannot talk to another host.
  SocketHandle s = h.stream();
  ASSERT_TRUE(t.bind(s, Endpoint{kLoopback, 0}).ok());
  EXPECT_EQ(t.connect(s, Endpoint{kOtherIp, 80}, h.now).error(), Error::kInvalidArgument);
  EXPECT_EQ(t.connect(h.stream(), Endpoint{kLoopback, 0}, h.now).error(), Error::kInvalidArgument);
  // Bound to the host's address, it may talk to 127.x (Linux routes it through lo).
  SocketHandle l = h.listener(Endpoint{kAny, 80});
  SocketHandle own = h.stream();
  ASSERT_TRUE(t.bind(own, Endpoint{kHostIp, 0}).ok());
  ASSERT_TRUE(t.connect(own, Endpoint{kLoopback, 80}, h.now).ok());
  h.settle();
  EXPECT_TRUE(t.connect_result(own).ok());
  Endpoint peer;
  ASSERT_TRUE(t.accept(l, &peer).ok());
  EXPECT_EQ(peer.addr, kHostIp);
}

TEST_F(Semantics, Endpoints) {
  SocketHandle s = h.stream();
  EXPECT_EQ(t.local_endpoint(s).value(), Endpoint{});
  EXPECT_EQ(t.remote_endpoint(s).error(), Error::kNotConnected);
  SocketHandle l = h.listener(Endpoint{kAny, 80});
  EXPECT_EQ(t.local_endpoint(l).value(), (Endpoint{kAny, 80}));
  EXPECT_EQ(t.remote_endpoint(l).error(), Error::kNotConnected);
  auto [c, a] = h.connect_pair(l, Endpoint{kLoopback, 80});
  ASSERT_TRUE(t.abort(a).ok());
  h.settle();
  EXPECT_EQ(t.remote_endpoint(c).error(), Error::kNotConnected);  // reset: gone (Linux: TCP_CLOSE)
  EXPECT_EQ(t.local_endpoint(SocketHandle{}).error(), Error::kBadDescriptor);
}

TEST_F(Semantics, OptionsAreStoredAndInheritedByAccept) {
  SocketHandle l = h.stream();
  ASSERT_TRUE(t.set_options(l, SocketOptions{.reuse_addr = true, .no_delay = true}).ok());
  ASSERT_TRUE(t.bind(l, Endpoint{kLoopback, 80}).ok());
  ASSERT_TRUE(t.listen(l, 4, h.now).ok());
  auto [c, a] = h.connect_pair(l, Endpoint{kLoopback, 80});
  EXPECT_TRUE(t.options(a).value().reuse_addr);
  EXPECT_TRUE(t.options(a).value().no_delay);
  EXPECT_FALSE(t.options(c).value().no_delay);
  EXPECT_EQ(t.type(a).value(), SocketType::kStream);
  EXPECT_EQ(t.type(h.datagram()).value(), SocketType::kDatagram);
}

// ---------------------------------------------------------------- send, recv, shutdown

TEST_F(Semantics, StreamIoOnUnconnectedSockets) {
  SocketHandle s = h.stream();
  uint8_t b = 0;
  EXPECT_EQ(t.send(s, &b, 1, h.now).error(), Error::kBrokenPipe);  // Linux: EPIPE
  EXPECT_EQ(t.send_to(s, Endpoint{kLoopback, 80}, &b, 1, h.now).error(), Error::kBrokenPipe);
  EXPECT_EQ(t.recv(s, &b, 1, h.now).error(), Error::kNotConnected);
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  EXPECT_EQ(t.send(l, &b, 1, h.now).error(), Error::kBrokenPipe);
  EXPECT_EQ(t.recv(l, &b, 1, h.now).error(), Error::kNotConnected);
  SocketHandle c = h.stream();
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 80}, h.now).ok());
  EXPECT_EQ(t.send(c, &b, 1, h.now).error(), Error::kWouldBlock);  // blocking: waits for the handshake
  EXPECT_EQ(t.recv(c, &b, 1, h.now).error(), Error::kWouldBlock);
}

TEST_F(Semantics, DatagramErrors) {
  SocketHandle u = h.datagram();
  uint8_t b[UdpTable::kMaxPayload + 1] = {};
  EXPECT_EQ(t.send(u, b, 1, h.now).error(), Error::kDestinationRequired);
  EXPECT_EQ(t.send_to(u, Endpoint{kLoopback, 0}, b, 1, h.now).error(), Error::kInvalidArgument);
  EXPECT_EQ(t.send_to(u, Endpoint{kLoopback, 9}, b, sizeof b, h.now).error(), Error::kMessageTooLong);
  EXPECT_EQ(t.recv(u, b, 1, h.now).error(), Error::kWouldBlock);
  EXPECT_EQ(t.readiness(u), uint32_t{kSocketWritable});
}

TEST_F(Semantics, ShutdownWriteSendsFinAndLaterSendsFail) {
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 80});
  ASSERT_TRUE(h.send_str(c, "last words"));
  ASSERT_TRUE(t.shutdown(c, Shutdown::kWrite, h.now).ok());
  EXPECT_FALSE(h.send_str(c, "more"));
  uint8_t b = 0;
  EXPECT_EQ(t.send(c, &b, 1, h.now).error(), Error::kBrokenPipe);
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketWritable});  // a send fails at once
  h.settle();
  EXPECT_EQ(h.recv_str(s), "last words");
  EXPECT_EQ(h.recv_str(s), "");
  EXPECT_EQ(t.readiness(s), uint32_t{kSocketReadable | kSocketWritable});  // half closed: no hangup
  ASSERT_TRUE(h.send_str(s, "reply"));  // the other direction still works
  h.settle();
  EXPECT_EQ(h.recv_str(c), "reply");
}

TEST_F(Semantics, ShutdownReadMakesRecvReturnZeroAfterTheData) {
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 80});
  ASSERT_TRUE(h.send_str(c, "queued"));
  h.settle();
  EXPECT_EQ(h.recv_str(s), "queued");
  EXPECT_EQ(h.recv_str(s), "<would block>");
  ASSERT_TRUE(t.shutdown(s, Shutdown::kRead, h.now).ok());
  EXPECT_EQ(h.recv_str(s), "");
  EXPECT_EQ(t.readiness(s), uint32_t{kSocketReadable | kSocketWritable});
  ASSERT_TRUE(h.send_str(s, "still sending"));
  h.settle();
  EXPECT_EQ(h.recv_str(c), "still sending");
}

TEST_F(Semantics, ShutdownBothHangsUp) {
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 80});
  ASSERT_TRUE(t.shutdown(c, Shutdown::kBoth, h.now).ok());
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketReadable | kSocketWritable | kSocketHangup});
  h.settle();
  EXPECT_EQ(h.recv_str(s), "");
  EXPECT_FALSE(t.readiness(s) & kSocketHangup);
}

TEST_F(Semantics, ShutdownOnOtherStates) {
  SocketHandle s = h.stream();
  EXPECT_EQ(t.shutdown(s, Shutdown::kRead, h.now).error(), Error::kNotConnected);
  EXPECT_EQ(h.recv_str(s), "");  // recorded anyway, as in Linux
  SocketHandle u = h.datagram();
  EXPECT_EQ(t.shutdown(u, Shutdown::kWrite, h.now).error(), Error::kNotConnected);
  ASSERT_TRUE(t.connect(u, Endpoint{kLoopback, 9}, h.now).ok());
  uint8_t b = 0;
  EXPECT_EQ(t.send(u, &b, 1, h.now).error(), Error::kBrokenPipe);
  ASSERT_TRUE(t.shutdown(u, Shutdown::kRead, h.now).ok());
  EXPECT_EQ(t.recv(u, &b, 1, h.now).value_or(9), 0u);
  EXPECT_EQ(t.readiness(u), uint32_t{kSocketReadable | kSocketWritable | kSocketHangup});

  // A listener stops listening (its port stays bound): new connections are refused.
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  ASSERT_TRUE(t.shutdown(l, Shutdown::kBoth, h.now).ok());
  EXPECT_EQ(t.accept(l, nullptr).error(), Error::kInvalidArgument);
  EXPECT_EQ(t.local_endpoint(l).value(), (Endpoint{kLoopback, 80}));
  SocketHandle c = h.stream();
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 80}, h.now).ok());
  // A connecting socket is disconnected.
  ASSERT_TRUE(t.shutdown(c, Shutdown::kWrite, h.now).ok());
  EXPECT_EQ(t.connect_result(c).error(), Error::kNotConnected);
  h.settle();
  EXPECT_EQ(h.iface.tcp().connection_count(), 0u);
}

TEST_F(Semantics, ResetAfterThePeersFinIsABrokenPipe) {
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 80});
  ASSERT_TRUE(h.send_str(s, "unread"));  // so closing s resets
  h.settle();
  ASSERT_TRUE(t.shutdown(s, Shutdown::kWrite, h.now).ok());
  h.settle();                      // c: CLOSE_WAIT
  ASSERT_TRUE(h.send_str(c, "x"));
  h.settle();
  ASSERT_TRUE(t.close(s, h.now).ok());  // unread data: RST
  h.settle();
  EXPECT_EQ(h.recv_str(c), "unread");
  EXPECT_EQ(h.recv_str(c), "");    // the FIN came first
  PendingError e = t.take_error(c).value();
  EXPECT_TRUE(e.pending);
  EXPECT_EQ(e.error, Error::kBrokenPipe);  // Linux: EPIPE, not ECONNRESET
}

TEST_F(Semantics, SendAfterResetReportsTheResetOnceThenBrokenPipe) {
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 80});
  ASSERT_TRUE(t.abort(s).ok());
  h.settle();
  uint8_t b = 0;
  EXPECT_EQ(t.send(c, &b, 1, h.now).error(), Error::kConnectionReset);
  EXPECT_EQ(t.send(c, &b, 1, h.now).error(), Error::kBrokenPipe);
  EXPECT_EQ(t.recv(c, &b, 1, h.now).value_or(9), 0u);  // the error was taken by send
  EXPECT_EQ(t.connect(c, Endpoint{kLoopback, 80}, h.now).error(), Error::kAlreadyConnected);
  EXPECT_EQ(t.shutdown(c, Shutdown::kWrite, h.now).error(), Error::kNotConnected);
}

// ---------------------------------------------------------------- readiness

TEST_F(Semantics, ReadinessFollowsLinuxPoll) {
  SocketHandle fresh = h.stream();
  EXPECT_EQ(t.readiness(fresh), uint32_t{kSocketWritable | kSocketHangup});  // POLLOUT|POLLHUP
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  EXPECT_EQ(t.readiness(l), 0u);
  SocketHandle c = h.stream();
  ASSERT_TRUE(t.connect(c, Endpoint{kLoopback, 80}, h.now).ok());
  EXPECT_EQ(t.readiness(c), 0u);  // connecting
  h.settle();
  EXPECT_EQ(t.readiness(l), uint32_t{kSocketReadable});  // a connection to accept
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketWritable});
  SocketHandle s = t.accept(l, nullptr).value();
  EXPECT_EQ(t.readiness(l), 0u);
  ASSERT_TRUE(h.send_str(s, "d"));
  h.settle();
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketReadable | kSocketWritable});
  EXPECT_EQ(h.recv_str(c), "d");
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketWritable});
  ASSERT_TRUE(t.shutdown(s, Shutdown::kWrite, h.now).ok());
  h.settle();
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketReadable | kSocketWritable});  // peer FIN alone
  ASSERT_TRUE(t.shutdown(c, Shutdown::kWrite, h.now).ok());
  h.settle();
  EXPECT_EQ(t.readiness(c), uint32_t{kSocketReadable | kSocketWritable | kSocketHangup});
  EXPECT_EQ(t.readiness(s), uint32_t{kSocketReadable | kSocketWritable | kSocketHangup});
  // Both connections are over for their users (c closed, s in TIME_WAIT).
  EXPECT_EQ(t.remote_endpoint(c).error(), Error::kNotConnected);
  EXPECT_EQ(t.remote_endpoint(s).error(), Error::kNotConnected);
  EXPECT_EQ(t.shutdown(s, Shutdown::kBoth, h.now).error(), Error::kNotConnected);
}

TEST_F(Semantics, ReadinessOfAFullSendBuffer) {
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 80});
  std::string chunk(4096, 'z');
  // Nobody reads s: its window closes, then c's send buffer fills (grown to its largest).
  for (int i = 0; i < 128 && (t.readiness(c) & kSocketWritable); ++i) {
    (void)h.send_str(c, chunk);
    h.settle();
  }
  EXPECT_FALSE(t.readiness(c) & kSocketWritable);
  uint8_t b = 0;
  EXPECT_EQ(t.send(c, &b, 1, h.now).error(), Error::kWouldBlock);
  EXPECT_EQ(h.recv_str(s, 2048).size(), 2048u);  // reading makes room...
  for (int i = 0; i < 8; ++i) (void)h.recv_str(s, 2048);
  h.settle();
  EXPECT_TRUE(t.readiness(c) & kSocketWritable);  // ...and the window update frees c's buffer
}

TEST_F(Semantics, WakeHookFiresForCallsThatChangeReadiness) {
  std::vector<uint32_t> woken;
  t.set_wake_hook(
      [](void* ctx, SocketHandle w) { static_cast<std::vector<uint32_t>*>(ctx)->push_back(w.value); },
      &woken);
  SocketHandle l = h.listener(Endpoint{kLoopback, 80});
  auto [c, s] = h.connect_pair(l, Endpoint{kLoopback, 80});
  woken.clear();
  uint64_t g = t.wake_generation(s);
  ASSERT_TRUE(t.shutdown(s, Shutdown::kRead, h.now).ok());  // a reader of s must wake up
  EXPECT_NE(t.wake_generation(s), g);
  EXPECT_NE(std::find(woken.begin(), woken.end(), s.value), woken.end());
  t.set_wake_hook(nullptr, nullptr);
  (void)c;
}

}  // namespace
}  // namespace akuma::net
