// The TCP state machine driven by crafted segments (one TcpStack, the test
// plays the peer), plus two stacks back to back over a lossy link.
#include <gtest/gtest.h>

#include <deque>
#include <new>
#include <string>
#include <vector>

#include "net/tcp/ring_buffer.h"
#include "net/tcp/rto.h"
#include "net/tcp/tcp_stack.h"
#include "net/wire/tcp.h"

namespace akuma::net::tcp {
namespace {

constexpr Ipv4Address kUs = Ipv4Address::from(10, 0, 2, 15);
constexpr Ipv4Address kPeer = Ipv4Address::from(10, 0, 2, 2);

struct Segment {
  Ipv4Address src, dst;
  TcpHeader h;
  std::string data;
  bool has(uint8_t f) const { return (h.flags & f) != 0; }
};

// Collects what the stack sends.
class Capture : public TcpOutput {
 public:
  void send_tcp_segment(Ipv4Address src, Ipv4Address dst, ByteSpan bytes) override {
    auto v = parse_tcp(bytes, src, dst);
    ASSERT_TRUE(v.ok()) << "stack emitted an unparsable segment";
    sent.push_back(Segment{src, dst, v.value().header,
                           std::string(reinterpret_cast<const char*>(v.value().payload.data),
                                       v.value().payload.size)});
  }
  size_t tx_room(Ipv4Address) override { return room; }
  size_t room = ~size_t{0};  // what the "link" takes now
  Segment pop() {
    EXPECT_FALSE(sent.empty());
    if (sent.empty()) return Segment{};
    Segment s = sent.front();
    sent.pop_front();
    return s;
  }
  std::deque<Segment> sent;
};

class TcpTest : public ::testing::Test {
 public:
  TcpTest() : stack(&out, config()) {}

  // 8 KiB buffers that do not grow, so that windows close after a few
  // segments.
  static constexpr size_t kBuffer = 8192;
  static TcpConfig config() {
    TcpConfig c;
    c.time_wait_ms = 60000;
    c.receive_buffer = c.send_buffer = kBuffer;
    c.max_receive_buffer = c.max_send_buffer = kBuffer;
    return c;
  }

  // A fresh stack with another configuration (before anything is open).
  void reconfigure(const TcpConfig& c) {
    stack.~TcpStack();
    new (&stack) TcpStack(&out, c);
    listener = nullptr;
  }

  // The delayed-ACK timer runs out: the ACK owed for a lone segment goes.
  void run_delayed_ack() {
    now += stack.config().delayed_ack_ms;
    stack.poll(now);
  }

  // The peer sends a segment to us.
  TcpRxResult peer(uint8_t flags, uint32_t seq, uint32_t ack, const std::string& data = "",
                   uint16_t port = 5000, uint16_t our_port = 80, uint16_t window = 8192,
                   uint16_t mss = 0) {
    TcpHeader h;
    h.src_port = port;
    h.dst_port = our_port;
    h.seq = seq;
    h.ack = ack;
    h.flags = flags;
    h.window = window;
    h.mss = mss;
    uint8_t buf[2000];
    auto n = emit_tcp(h, ByteSpan{reinterpret_cast<const uint8_t*>(data.data()), data.size()},
                      kPeer, kUs, MutByteSpan{buf, sizeof buf});
    EXPECT_TRUE(n.ok());
    return stack.receive(kPeer, kUs, ByteSpan{buf, n.value()}, now);
  }

  // Listens on port 80 and completes a handshake from peer port 5000 whose
  // ISN is 1000. Returns the accepted connection; our ISN is in `iss`.
  TcpConnection* accept_one(uint16_t peer_port = 5000) {
    if (listener == nullptr) listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).value();
    EXPECT_EQ(peer(kTcpSyn, 1000, 0, "", peer_port, 80, 8192, 1000), TcpRxResult::kDelivered);
    Segment synack = out.pop();
    EXPECT_TRUE(synack.has(kTcpSyn) && synack.has(kTcpAck));
    EXPECT_EQ(synack.h.ack, 1001u);
    EXPECT_EQ(synack.h.mss, 1460);
    iss = synack.h.seq;
    EXPECT_FALSE(stack.acceptable(listener));
    peer(kTcpAck, 1001, iss + 1, "", peer_port);
    EXPECT_TRUE(out.sent.empty());
    EXPECT_TRUE(stack.acceptable(listener));
    auto c = stack.accept(listener);
    EXPECT_TRUE(c.ok());
    return c.ok() ? c.value() : nullptr;
  }

  // Actively opens to the peer's port 80 from a port we pick.
  TcpConnection* connect_one() {
    auto c = stack.connect(Endpoint{kUs, 0}, Endpoint{kPeer, 80}, now);
    EXPECT_TRUE(c.ok());
    Segment syn = out.pop();
    EXPECT_TRUE(syn.has(kTcpSyn) && !syn.has(kTcpAck));
    iss = syn.h.seq;
    our_port = syn.h.src_port;
    return c.value();
  }

  std::string recv_all(TcpConnection* c) {
    std::string s;
    char buf[512];
    for (;;) {
      auto r = c->recv(reinterpret_cast<uint8_t*>(buf), sizeof buf, now);
      if (!r.ok() || r.value() == 0) break;
      s.append(buf, r.value());
    }
    return s;
  }
  size_t send_str(TcpConnection* c, const std::string& s) {
    auto r = c->send(reinterpret_cast<const uint8_t*>(s.data()), s.size(), now);
    return r.ok() ? r.value() : 0;
  }

  Capture out;
  TcpStack stack;
  uint64_t now = 1000;
  TcpConnection* listener = nullptr;
  uint32_t iss = 0;
  uint16_t our_port = 0;
};

TEST(RingBuffer, WrapsAndCommitsOutOfOrderBytes) {
  RingBuffer rb;
  ASSERT_TRUE(rb.allocate(kTcpBufferSize));
  std::vector<uint8_t> big(kTcpBufferSize - 10, 7);
  EXPECT_EQ(rb.push(big.data(), big.size()), big.size());
  EXPECT_EQ(rb.pop(nullptr, big.size() - 5), big.size() - 5);
  const uint8_t a[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
  rb.write_at(4, a + 4, 16);  // out of order, wraps around the end
  EXPECT_EQ(rb.size(), 5u);
  EXPECT_EQ(rb.push(a, 4), 4u);
  rb.commit(16);
  uint8_t got[25];
  EXPECT_EQ(rb.pop(got, 25), 25u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(got[5 + i], a[i]);
  EXPECT_TRUE(rb.empty());
}

TEST(Rto, FollowsRfc6298) {
  RtoEstimator r(1000, 200, 60000);
  EXPECT_EQ(r.rto_ms(), 1000u);
  r.sample(100);  // SRTT 100, RTTVAR 50, RTO 100 + 200
  EXPECT_EQ(r.srtt_ms(), 100u);
  EXPECT_EQ(r.rttvar_ms(), 50u);
  EXPECT_EQ(r.rto_ms(), 300u);
  r.sample(100);  // RTTVAR 3/4*50, SRTT stays
  EXPECT_EQ(r.rttvar_ms(), 37u);
  EXPECT_EQ(r.rto_ms(), 248u);
  r.sample(1);  // would go below the floor
  EXPECT_GE(r.rto_ms(), 200u);
  for (int i = 0; i < 20; ++i) r.backoff();
  EXPECT_EQ(r.rto_ms(), 60000u);
}

TEST_F(TcpTest, PassiveOpen) {
  TcpConnection* c = accept_one();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->state(), TcpState::kEstablished);
  EXPECT_EQ(c->remote().port, 5000);
  EXPECT_EQ(c->local().addr, kUs);
  EXPECT_TRUE(c->writable());
  EXPECT_FALSE(c->readable());
  EXPECT_EQ(stack.accept(listener).error(), Error::kWouldBlock);
}

TEST_F(TcpTest, ActiveOpen) {
  TcpConnection* c = connect_one();
  EXPECT_EQ(c->state(), TcpState::kSynSent);
  EXPECT_FALSE(c->writable());
  EXPECT_EQ(send_str(c, "x"), 0u);  // kWouldBlock until established
  peer(kTcpSyn | kTcpAck, 7000, iss + 1, "", 80, our_port);
  EXPECT_EQ(c->state(), TcpState::kEstablished);
  Segment ack = out.pop();
  EXPECT_EQ(ack.h.flags, kTcpAck);
  EXPECT_EQ(ack.h.ack, 7001u);
  EXPECT_EQ(ack.h.seq, iss + 1);
  EXPECT_TRUE(c->writable());
}

TEST_F(TcpTest, ActiveOpenRefusedByRst) {
  TcpConnection* c = connect_one();
  peer(kTcpRst | kTcpAck, 0, iss + 1, "", 80, our_port);
  EXPECT_EQ(c->state(), TcpState::kClosed);
  EXPECT_TRUE(c->has_error());
  EXPECT_EQ(c->error(), Error::kConnectionRefused);
  EXPECT_TRUE(c->writable());  // so a waiting connect() wakes up
  stack.close(c, now);
  EXPECT_EQ(stack.connection_count(), 0u);
}

TEST_F(TcpTest, ActiveOpenIgnoresBadAck) {
  TcpConnection* c = connect_one();
  peer(kTcpSyn | kTcpAck, 7000, iss + 100, "", 80, our_port);
  EXPECT_EQ(c->state(), TcpState::kSynSent);
  Segment rst = out.pop();
  EXPECT_TRUE(rst.has(kTcpRst));
  EXPECT_EQ(rst.h.seq, iss + 100);
}

TEST_F(TcpTest, SynRetransmittedThenTimesOut) {
  TcpConnection* c = connect_one();
  uint64_t start = now;
  now = start + 999;
  stack.poll(now);
  EXPECT_TRUE(out.sent.empty());
  now = start + 1000;
  EXPECT_EQ(stack.next_deadline(), now);
  stack.poll(now);
  Segment again = out.pop();
  EXPECT_TRUE(again.has(kTcpSyn));
  EXPECT_EQ(again.h.seq, iss);
  // Exponential backoff: the next one comes 2 s later.
  EXPECT_EQ(stack.next_deadline(), now + 2000);
  for (int i = 0; i < 20 && !c->has_error(); ++i) {
    now = stack.next_deadline();
    stack.poll(now);
  }
  EXPECT_EQ(c->error(), Error::kTimedOut);
}

TEST_F(TcpTest, DataBothWays) {
  TcpConnection* c = accept_one();
  peer(kTcpAck | kTcpPsh, 1001, iss + 1, "hello");
  EXPECT_TRUE(out.sent.empty());  // one segment: its ACK is delayed
  run_delayed_ack();
  Segment ack = out.pop();
  EXPECT_EQ(ack.h.ack, 1006u);
  EXPECT_EQ(ack.h.window, kBuffer - 5);
  EXPECT_TRUE(c->readable());
  EXPECT_EQ(recv_all(c), "hello");
  EXPECT_EQ(c->recv(nullptr, 0, now).error(), Error::kWouldBlock);

  EXPECT_EQ(send_str(c, "world"), 5u);
  Segment data = out.pop();
  EXPECT_EQ(data.data, "world");
  EXPECT_EQ(data.h.seq, iss + 1);
  EXPECT_EQ(data.h.ack, 1006u);
  EXPECT_EQ(c->bytes_unacked(), 5u);
  peer(kTcpAck, 1006, iss + 6);
  EXPECT_EQ(c->bytes_unacked(), 0u);
  EXPECT_EQ(stack.next_deadline(), 0u);  // retransmit timer stopped
  EXPECT_TRUE(out.sent.empty());
}

// A request/response exchange costs no segment beyond the response: reading
// a small request reopens no window worth announcing (the SYN's window is
// the one the peer knows), so the ACK rides on the response.
TEST_F(TcpTest, ReadingASmallRequestSendsNoWindowUpdate) {
  TcpConnection* c = accept_one();
  peer(kTcpAck | kTcpPsh, 1001, iss + 1, "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(recv_all(c), "GET / HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(send_str(c, "HTTP/1.1 200 OK"), 15u);
  Segment response = out.pop();
  EXPECT_EQ(response.h.ack, 1019u);
  EXPECT_TRUE(out.sent.empty());
}

TEST_F(TcpTest, SendRespectsMssAndPeerWindow) {
  TcpConnection* c = accept_one();  // the peer said MSS 1000, window 8192
  peer(kTcpAck, 1001, iss + 1, "", 5000, 80, 2500);
  EXPECT_EQ(send_str(c, std::string(4000, 'a')), 4000u);
  // 1000 + 1000; the 500 bytes left of the window wait while data is in
  // flight (sender-side silly window avoidance).
  ASSERT_EQ(out.sent.size(), 2u);
  EXPECT_EQ(out.sent[0].data.size(), 1000u);
  EXPECT_EQ(out.sent[1].data.size(), 1000u);
  out.sent.clear();
  peer(kTcpAck, 1001, iss + 2001, "", 5000, 80, 8192);
  size_t more = 0;
  for (auto& s : out.sent) more += s.data.size();
  EXPECT_EQ(more, 2000u);
}

TEST_F(TcpTest, LossAndRetransmit) {
  TcpConnection* c = accept_one();
  uint64_t sent_at = now;
  send_str(c, "abc");
  out.pop();  // lost
  now = sent_at + 999;
  stack.poll(now);
  EXPECT_TRUE(out.sent.empty());
  now = sent_at + 1000;
  stack.poll(now);
  Segment again = out.pop();
  EXPECT_EQ(again.data, "abc");
  EXPECT_EQ(again.h.seq, iss + 1);
  now += 1999;
  stack.poll(now);
  EXPECT_TRUE(out.sent.empty());  // backed off to 2 s
  now += 1;
  stack.poll(now);
  EXPECT_EQ(out.pop().data, "abc");
  peer(kTcpAck, 1001, iss + 4);
  EXPECT_EQ(c->bytes_unacked(), 0u);
  EXPECT_EQ(stack.next_deadline(), 0u);
}

TEST_F(TcpTest, RttSampleSetsRto) {
  TcpConfig cfg;
  cfg.min_rto_ms = 100;
  Capture o2;
  TcpStack s2(&o2, cfg);
  auto c = s2.connect(Endpoint{kUs, 0}, Endpoint{kPeer, 80}, 0).value();
  Segment syn = o2.pop();
  TcpHeader h;
  h.src_port = 80;
  h.dst_port = syn.h.src_port;
  h.seq = 1;
  h.ack = syn.h.seq + 1;
  h.flags = kTcpSyn | kTcpAck;
  h.window = 1000;
  uint8_t buf[100];
  size_t n = emit_tcp(h, ByteSpan{}, kPeer, kUs, MutByteSpan{buf, 100}).value();
  s2.receive(kPeer, kUs, ByteSpan{buf, n}, 50);  // 50 ms round trip
  EXPECT_EQ(c->state(), TcpState::kEstablished);
  EXPECT_EQ(c->rto_ms(), 150u);  // 50 + 4 * 25
}

TEST_F(TcpTest, OutOfOrderIsReassembled) {
  TcpConnection* c = accept_one();
  peer(kTcpAck, 1006, iss + 1, "world");  // "hello" is missing
  Segment dup = out.pop();
  EXPECT_EQ(dup.h.ack, 1001u);  // duplicate ACK for the hole
  EXPECT_FALSE(c->readable());
  peer(kTcpAck, 1011, iss + 1, "!");
  EXPECT_EQ(out.pop().h.ack, 1001u);
  peer(kTcpAck, 1001, iss + 1, "hello");
  EXPECT_EQ(out.pop().h.ack, 1012u);
  EXPECT_EQ(recv_all(c), "helloworld!");
}

TEST_F(TcpTest, OverlappingAndDuplicateSegments) {
  TcpConnection* c = accept_one();
  peer(kTcpAck, 1001, iss + 1, "abcdef");
  peer(kTcpAck, 1004, iss + 1, "defghi");  // overlaps the tail
  peer(kTcpAck, 1001, iss + 1, "abc");     // pure duplicate
  out.sent.clear();
  EXPECT_EQ(recv_all(c), "abcdefghi");
}

TEST_F(TcpTest, UnacceptableSegmentGetsAck) {
  TcpConnection* c = accept_one();
  peer(kTcpAck, 1001 + 100000, iss + 1, "far");
  Segment ack = out.pop();
  EXPECT_EQ(ack.h.ack, 1001u);
  EXPECT_FALSE(c->readable());
}

TEST_F(TcpTest, PeerClosesFirst) {
  TcpConnection* c = accept_one();
  peer(kTcpAck | kTcpFin, 1001, iss + 1, "bye");
  EXPECT_TRUE(out.sent.empty());  // the FIN's ACK waits for our answer
  EXPECT_EQ(c->state(), TcpState::kCloseWait);
  EXPECT_EQ(recv_all(c), "bye");
  EXPECT_EQ(c->recv(nullptr, 1, now).value(), 0u);  // end of stream
  EXPECT_EQ(send_str(c, "still"), 5u);             // half-open: we may send
  Segment answer = out.pop();
  EXPECT_EQ(answer.data, "still");
  EXPECT_EQ(answer.h.ack, 1005u);  // and it carries the ACK
  stack.close(c, now);
  Segment fin = out.pop();
  EXPECT_TRUE(fin.has(kTcpFin));
  EXPECT_EQ(fin.h.seq, iss + 6);
  peer(kTcpAck, 1005, iss + 7);
  EXPECT_EQ(stack.connection_count(), 1u);  // only the listener
}

TEST_F(TcpTest, WeCloseFirstThroughTimeWait) {
  TcpConnection* c = accept_one();
  stack.close(c, now);  // c now belongs to the stack
  Segment fin = out.pop();
  EXPECT_TRUE(fin.has(kTcpFin));
  peer(kTcpAck, 1001, iss + 2);  // FIN_WAIT_2
  EXPECT_EQ(stack.connection_count(), 2u);
  peer(kTcpAck | kTcpFin, 1001, iss + 2);
  Segment ack = out.pop();
  EXPECT_EQ(ack.h.ack, 1002u);
  EXPECT_EQ(stack.next_deadline(), now + 60000);  // TIME_WAIT
  // A retransmitted FIN is acked again and restarts the 2MSL timer.
  now += 1000;
  peer(kTcpAck | kTcpFin, 1001, iss + 2);
  EXPECT_EQ(out.pop().h.ack, 1002u);
  EXPECT_EQ(stack.next_deadline(), now + 60000);
  now += 60000;
  stack.poll(now);
  EXPECT_EQ(stack.connection_count(), 1u);
}

TEST_F(TcpTest, FinWait1ToTimeWaitWhenFinAndAckArriveTogether) {
  TcpConnection* c = accept_one();
  c->shutdown_send(now);
  EXPECT_EQ(c->state(), TcpState::kFinWait1);
  out.pop();
  peer(kTcpAck | kTcpFin, 1001, iss + 2);
  EXPECT_EQ(c->state(), TcpState::kTimeWait);
  EXPECT_EQ(c->recv(nullptr, 1, now).value(), 0u);
}

TEST_F(TcpTest, SimultaneousClose) {
  TcpConnection* c = accept_one();
  c->shutdown_send(now);
  Segment our_fin = out.pop();
  EXPECT_TRUE(our_fin.has(kTcpFin));
  // The peer's FIN crosses ours: it does not ack our FIN yet.
  peer(kTcpAck | kTcpFin, 1001, iss + 1);
  EXPECT_EQ(c->state(), TcpState::kClosing);
  EXPECT_EQ(out.pop().h.ack, 1002u);
  peer(kTcpAck, 1002, iss + 2);
  EXPECT_EQ(c->state(), TcpState::kTimeWait);
}

TEST_F(TcpTest, FinIsRetransmitted) {
  TcpConnection* c = accept_one();
  send_str(c, "data");
  out.pop();
  stack.close(c, now);
  Segment fin = out.pop();
  EXPECT_TRUE(fin.has(kTcpFin));
  EXPECT_EQ(fin.h.seq, iss + 5);
  now = stack.next_deadline();
  stack.poll(now);
  Segment again = out.pop();  // one segment: the data (cwnd 1 MSS)
  EXPECT_EQ(again.data, "data");
  EXPECT_TRUE(again.has(kTcpFin));  // with the FIN right behind it
  peer(kTcpAck, 1001, iss + 6);
  peer(kTcpAck | kTcpFin, 1001, iss + 6);
  now += 60000;
  stack.poll(now);
  EXPECT_EQ(stack.connection_count(), 1u);
}

TEST_F(TcpTest, RstResetsOnlyWithExactSequence) {
  TcpConnection* c = accept_one();
  peer(kTcpRst, 1001 + 10, 0);  // in window but not exact
  EXPECT_EQ(c->state(), TcpState::kEstablished);
  EXPECT_EQ(out.pop().h.flags, kTcpAck);  // challenge ACK
  peer(kTcpRst, 1001, 0);
  EXPECT_EQ(c->state(), TcpState::kClosed);
  EXPECT_EQ(c->recv(nullptr, 1, now).error(), Error::kConnectionReset);
  EXPECT_EQ(send_str(c, "x"), 0u);
  stack.close(c, now);
  EXPECT_EQ(stack.connection_count(), 1u);
}

TEST_F(TcpTest, SynToClosedPortGetsRst) {
  EXPECT_EQ(peer(kTcpSyn, 500, 0, "", 5000, 81), TcpRxResult::kNoListener);
  Segment rst = out.pop();
  EXPECT_EQ(rst.h.flags, kTcpRst | kTcpAck);
  EXPECT_EQ(rst.h.ack, 501u);
  EXPECT_EQ(peer(kTcpAck, 500, 77, "", 5000, 81), TcpRxResult::kNoListener);
  rst = out.pop();
  EXPECT_EQ(rst.h.flags, kTcpRst);
  EXPECT_EQ(rst.h.seq, 77u);
  EXPECT_EQ(peer(kTcpRst, 500, 0, "", 5000, 81), TcpRxResult::kNoListener);
  EXPECT_TRUE(out.sent.empty());  // never answer a RST
}

TEST_F(TcpTest, AbortSendsRstAndFreesPortAtOnce) {
  TcpConnection* c = connect_one();
  peer(kTcpSyn | kTcpAck, 7000, iss + 1, "", 80, our_port);
  out.pop();
  stack.abort(c);
  Segment rst = out.pop();
  EXPECT_TRUE(rst.has(kTcpRst));
  EXPECT_EQ(rst.h.seq, iss + 1);
  EXPECT_FALSE(stack.port_in_use(our_port));
  EXPECT_EQ(stack.connection_count(), 0u);
}

TEST_F(TcpTest, CloseWithUnreadDataResets) {
  TcpConnection* c = accept_one();
  peer(kTcpAck, 1001, iss + 1, "unread");
  EXPECT_TRUE(out.sent.empty());  // the ACK is delayed
  stack.close(c, now);
  EXPECT_TRUE(out.pop().has(kTcpRst));
  EXPECT_EQ(stack.connection_count(), 1u);
}

TEST_F(TcpTest, DataAfterWeClosedGetsRst) {
  // The user closed (FIN sent, FIN_WAIT_2); the peer still sends: nobody can
  // read it, so the peer gets a reset and the connection is gone (Linux).
  TcpConnection* c = accept_one();
  stack.close(c, now);
  EXPECT_TRUE(out.pop().has(kTcpFin));
  peer(kTcpAck, 1001, iss + 2);
  EXPECT_EQ(stack.connection_count(), 2u);
  peer(kTcpAck, 1001, iss + 2, "late");
  Segment rst = out.pop();
  EXPECT_TRUE(rst.has(kTcpRst));
  EXPECT_EQ(rst.h.seq, iss + 2);
  EXPECT_EQ(stack.connection_count(), 1u);  // only the listener
  EXPECT_TRUE(out.sent.empty());
}

TEST_F(TcpTest, FinAfterWeClosedIsStillAcked) {
  // Without data, the orderly close goes on as before.
  TcpConnection* c = accept_one();
  stack.close(c, now);
  out.pop();
  peer(kTcpAck | kTcpFin, 1001, iss + 2);
  Segment ack = out.pop();
  EXPECT_FALSE(ack.has(kTcpRst));
  EXPECT_EQ(ack.h.ack, 1002u);
}

TEST_F(TcpTest, TimeWaitNeverBlocksRelisten) {
  TcpConnection* c = accept_one();
  stack.close(c, now);  // active close by the server
  out.pop();
  peer(kTcpAck | kTcpFin, 1001, iss + 2);
  out.pop();
  ASSERT_EQ(stack.connection_count(), 2u);  // listener + TIME_WAIT
  // The server process dies: its listener goes, a new one binds at once.
  stack.close(listener, now);
  EXPECT_EQ(stack.connection_count(), 1u);
  auto l2 = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now);
  ASSERT_TRUE(l2.ok());
  EXPECT_EQ(stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).error(), Error::kExists);
  // The same client reuses its port: the SYN goes to the new listener.
  listener = l2.value();
  peer(kTcpSyn, 90000, 0, "", 5000, 80);
  Segment synack = out.pop();
  EXPECT_TRUE(synack.has(kTcpSyn) && synack.has(kTcpAck));
  EXPECT_EQ(synack.h.ack, 90001u);
  peer(kTcpAck, 90001, synack.h.seq + 1);
  EXPECT_TRUE(stack.accept(listener).ok());
}

TEST_F(TcpTest, ListenersOnDifferentAddressesShareAPort) {
  constexpr Ipv4Address kOther = Ipv4Address::from(127, 0, 0, 1);
  TcpConnection* mine = stack.listen(Endpoint{kUs, 80}, 4, now).value();
  TcpConnection* lo = stack.listen(Endpoint{kOther, 80}, 4, now).value();
  EXPECT_EQ(stack.listen(Endpoint{kUs, 80}, 4, now).error(), Error::kExists);
  EXPECT_EQ(stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).error(), Error::kExists);
  // The SYN to kUs goes to the listener bound to kUs.
  listener = mine;
  peer(kTcpSyn, 1000, 0);
  Segment synack = out.pop();
  peer(kTcpAck, 1001, synack.h.seq + 1);
  EXPECT_TRUE(stack.acceptable(mine));
  EXPECT_FALSE(stack.acceptable(lo));
  // Any overlaps both until both are gone.
  stack.close(lo, now);
  EXPECT_EQ(stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).error(), Error::kExists);
  stack.close(mine, now);
  listener = nullptr;
  EXPECT_TRUE(stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).ok());
}

TEST_F(TcpTest, EphemeralPortsComeFromLinuxRange) {
  TcpConnection* c = connect_one();
  EXPECT_EQ(our_port, 32768);  // a fresh stack starts at the bottom of 32768..60999
  // The same four-tuple twice: no address left for it.
  EXPECT_EQ(stack.connect(Endpoint{kUs, our_port}, Endpoint{kPeer, 80}, now).error(),
            Error::kAddressNotAvailable);
  stack.abort(c);
}

// A FIN that ends an established connection is acked by our FIN when the
// user closes soon (one segment, not two), else by the delayed-ACK timer.
TEST_F(TcpTest, PeersFinIsAckedByOurFinOrTheDelayedAckTimer) {
  TcpConnection* c = accept_one(5001);
  peer(kTcpAck | kTcpFin, 1001, iss + 1, "", 5001);
  EXPECT_TRUE(out.sent.empty());
  stack.close(c, now);
  Segment fin = out.pop();
  EXPECT_TRUE(fin.has(kTcpFin) && fin.has(kTcpAck));
  EXPECT_EQ(fin.h.ack, 1002u);
  EXPECT_TRUE(out.sent.empty());

  TcpConnection* d = accept_one(5002);
  peer(kTcpAck | kTcpFin, 1001, iss + 1, "", 5002);
  EXPECT_TRUE(out.sent.empty());
  run_delayed_ack();
  Segment ack = out.pop();
  EXPECT_FALSE(ack.has(kTcpFin));
  EXPECT_EQ(ack.h.ack, 1002u);
  EXPECT_EQ(d->state(), TcpState::kCloseWait);
}

TEST_F(TcpTest, ResetInCloseWaitIsABrokenPipe) {
  TcpConnection* c = accept_one();
  peer(kTcpAck | kTcpFin, 1001, iss + 1);
  ASSERT_EQ(c->state(), TcpState::kCloseWait);
  EXPECT_TRUE(c->fin_received());
  peer(kTcpRst, 1002, 0);
  EXPECT_TRUE(c->has_error());
  EXPECT_EQ(c->error(), Error::kBrokenPipe);
}

TEST_F(TcpTest, BacklogFullDropsSyn) {
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 1, now).value();
  EXPECT_EQ(peer(kTcpSyn, 1000, 0, "", 5001), TcpRxResult::kDelivered);
  Segment synack = out.pop();
  // The backlog bounds the accept queue; a half-open child is not in it.
  EXPECT_EQ(peer(kTcpSyn, 3000, 0, "", 5003), TcpRxResult::kDelivered);
  out.pop();
  peer(kTcpAck, 1001, synack.h.seq + 1, "", 5001);
  EXPECT_EQ(peer(kTcpSyn, 2000, 0, "", 5002), TcpRxResult::kBacklogFull);
  EXPECT_TRUE(out.sent.empty());  // dropped: no SYN-ACK, no RST
  ASSERT_TRUE(stack.accept(listener).ok());
  EXPECT_EQ(peer(kTcpSyn, 2000, 0, "", 5002), TcpRxResult::kDelivered);  // room again
  EXPECT_TRUE(out.pop().has(kTcpSyn));
}

TEST_F(TcpTest, ClosingListenerResetsUnacceptedChildren) {
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).value();
  peer(kTcpSyn, 1000, 0, "", 5001);
  Segment synack = out.pop();
  peer(kTcpAck, 1001, synack.h.seq + 1, "", 5001);
  stack.close(listener, now);
  EXPECT_TRUE(out.pop().has(kTcpRst));
  EXPECT_EQ(stack.connection_count(), 0u);
}

TEST_F(TcpTest, SynReceivedResendsSynAckOnDuplicateSyn) {
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).value();
  peer(kTcpSyn, 1000, 0);
  Segment first = out.pop();
  peer(kTcpSyn, 1000, 0);
  Segment second = out.pop();
  EXPECT_TRUE(second.has(kTcpSyn | kTcpAck));
  EXPECT_EQ(second.h.seq, first.h.seq);
  // The peer gives up with RST: the child disappears, the listener stays.
  peer(kTcpRst, 1001, 0);
  EXPECT_EQ(stack.connection_count(), 1u);
}

TEST_F(TcpTest, SimultaneousOpen) {
  TcpConnection* c = connect_one();
  peer(kTcpSyn, 7000, 0, "", 80, our_port);  // the peer's own SYN crosses ours
  EXPECT_EQ(c->state(), TcpState::kSynReceived);
  Segment synack = out.pop();
  EXPECT_TRUE(synack.has(kTcpSyn) && synack.has(kTcpAck));
  EXPECT_EQ(synack.h.seq, iss);
  EXPECT_EQ(synack.h.ack, 7001u);
  peer(kTcpAck, 7001, iss + 1, "", 80, our_port);
  EXPECT_EQ(c->state(), TcpState::kEstablished);
}

TEST_F(TcpTest, ZeroWindowProbe) {
  TcpConnection* c = accept_one();
  peer(kTcpAck, 1001, iss + 1, "", 5000, 80, 0);  // window closed
  send_str(c, "wait");
  EXPECT_TRUE(out.sent.empty());
  now = stack.next_deadline();
  ASSERT_NE(now, 0u);
  stack.poll(now);
  Segment probe = out.pop();
  EXPECT_EQ(probe.data, "w");
  peer(kTcpAck, 1001, iss + 2, "", 5000, 80, 100);  // window opens
  EXPECT_EQ(out.pop().data, "ait");
}

TEST_F(TcpTest, ReceiveWindowClosesAndReopens) {
  TcpConnection* c = accept_one();
  std::string chunk(1000, 'z');
  uint32_t seq = 1001;
  while (seq - 1001 < kBuffer) {
    peer(kTcpAck, seq, iss + 1, chunk.substr(0, std::min<size_t>(1000, kBuffer - (seq - 1001))));
    seq += std::min<uint32_t>(1000, kBuffer - (seq - 1001));
  }
  run_delayed_ack();  // the last, lone segment's ACK
  EXPECT_EQ(out.sent.back().h.window, 0);
  out.sent.clear();
  peer(kTcpAck, seq, iss + 1, "more");  // beyond the closed window: dropped
  EXPECT_EQ(out.pop().h.ack, seq);
  EXPECT_EQ(recv_all(c).size(), kBuffer);
  // A window update once a full segment's worth is free again, then one per
  // quarter of the buffer: not one per read (16 reads of 512 bytes), never
  // a sliver (silly window avoidance).
  ASSERT_EQ(out.sent.size(), 4u);
  EXPECT_GE(out.sent[0].h.window, 1000);
  for (size_t i = 1; i < out.sent.size(); ++i) {
    EXPECT_GE(out.sent[i].h.window, out.sent[i - 1].h.window + kBuffer / 4);
  }
  EXPECT_EQ(out.sent[0].h.ack, seq);
}

// ------------------------------------------------------------------------
// Two stacks back to back.

class Wire : public TcpOutput {
 public:
  explicit Wire(std::deque<std::vector<uint8_t>>* queue) : queue_(queue) {}
  void send_tcp_segment(Ipv4Address, Ipv4Address, ByteSpan s) override {
    ++count_;
    if (drop_every_ != 0 && count_ % drop_every_ == 0) return;  // lost
    queue_->emplace_back(s.data, s.data + s.size);
  }
  int drop_every_ = 0;

 private:
  std::deque<std::vector<uint8_t>>* queue_;
  int count_ = 0;
};

TEST(TcpBackToBack, LossyBulkTransferBothWaysThenClose) {
  std::deque<std::vector<uint8_t>> to_server, to_client;
  Wire client_wire(&to_server), server_wire(&to_client);
  client_wire.drop_every_ = 7;
  server_wire.drop_every_ = 5;
  TcpStack client(&client_wire), server(&server_wire);
  uint64_t now = 0;

  TcpConnection* l = server.listen(Endpoint{Ipv4Address::any(), 80}, 2, now).value();
  TcpConnection* c = client.connect(Endpoint{kPeer, 0}, Endpoint{kUs, 80}, now).value();
  TcpConnection* s = nullptr;

  std::string up(50000, 0), down(30000, 0);
  for (size_t i = 0; i < up.size(); ++i) up[i] = char('a' + i % 26);
  for (size_t i = 0; i < down.size(); ++i) down[i] = char('0' + i % 10);
  size_t up_sent = 0, down_sent = 0;
  std::string up_got, down_got;
  bool client_closed = false, server_closed = false;

  for (int step = 0; step < 200000; ++step) {
    bool moved = false;
    while (!to_server.empty() || !to_client.empty()) {
      if (!to_server.empty()) {
        auto seg = to_server.front();
        to_server.pop_front();
        server.receive(kPeer, kUs, ByteSpan{seg.data(), seg.size()}, now);
      }
      if (!to_client.empty()) {
        auto seg = to_client.front();
        to_client.pop_front();
        client.receive(kUs, kPeer, ByteSpan{seg.data(), seg.size()}, now);
      }
      moved = true;
    }
    if (s == nullptr && !server_closed) {
      auto a = server.accept(l);
      if (a.ok()) s = a.value();
    }
    uint8_t buf[3000];
    if (!client_closed && c->writable() && up_sent < up.size()) {
      auto r = c->send(reinterpret_cast<const uint8_t*>(up.data()) + up_sent, up.size() - up_sent, now);
      if (r.ok()) up_sent += r.value(), moved = true;
    }
    if (s && !server_closed && s->writable() && down_sent < down.size()) {
      auto r = s->send(reinterpret_cast<const uint8_t*>(down.data()) + down_sent, down.size() - down_sent, now);
      if (r.ok()) down_sent += r.value(), moved = true;
    }
    if (s && !server_closed) {
      auto r = s->recv(buf, sizeof buf, now);
      if (r.ok() && r.value() > 0) up_got.append(reinterpret_cast<char*>(buf), r.value()), moved = true;
    }
    if (!client_closed) {
      auto r = c->recv(buf, sizeof buf, now);
      if (r.ok() && r.value() > 0) down_got.append(reinterpret_cast<char*>(buf), r.value()), moved = true;
    }
    if (!client_closed && up_sent == up.size() && down_got.size() == down.size()) {
      client.close(c, now);
      client_closed = true;
      moved = true;
    }
    if (!server_closed && s && down_sent == down.size() && up_got.size() == up.size() &&
        s->recv(buf, 1, now).value_or(1) == 0) {
      server.close(s, now);
      server_closed = true;
      moved = true;
    }
    if (!moved) {
      uint64_t a = client.next_deadline(), b = server.next_deadline();
      uint64_t next = a == 0 ? b : b == 0 ? a : std::min(a, b);
      if (next == 0) break;  // nothing left to do
      now = next;
      client.poll(now);
      server.poll(now);
    }
  }
  EXPECT_EQ(up_got.size(), up.size());
  EXPECT_EQ(down_got.size(), down.size());
  EXPECT_TRUE(up_got == up);
  EXPECT_TRUE(down_got == down);
  EXPECT_TRUE(client_closed && server_closed);
  EXPECT_EQ(client.connection_count(), 0u);  // TIME_WAIT expired
  EXPECT_EQ(server.connection_count(), 1u);  // the listener
}

}  // namespace
}  // namespace akuma::net::tcp

namespace akuma::net::tcp {
namespace {

// ------------------------------------------------------------------------
// Issue 13: capacity, drops by reason, RFC 6191/6528/5961/7323/5681/6582,
// delayed ACKs and Nagle.

TEST(Isn, SipHashReferenceVectors) {
  // The SipHash paper's key 00..0f; messages 00, 00 01, ... (its Appendix A).
  IsnSecret key{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
  uint8_t msg[15];
  for (int i = 0; i < 15; ++i) msg[i] = uint8_t(i);
  EXPECT_EQ(siphash24(key, msg, 0), 0x726fdb47dd0e0e31ull);
  EXPECT_EQ(siphash24(key, msg, 15), 0xa129ca6149be45e5ull);
}

TEST(Isn, PerTupleAndMovingWithTime) {
  IsnSecret key{1, 2};
  Endpoint a{kUs, 80}, b{kPeer, 5000}, b2{kPeer, 5001};
  uint32_t x = initial_sequence_number(key, a, b, 0);
  EXPECT_EQ(initial_sequence_number(key, a, b, 4000), x + 1000);  // 4 us per tick
  uint32_t y = initial_sequence_number(key, a, b2, 0);
  EXPECT_NE(x, y);
  EXPECT_NE(x - y, 1u);  // not a counter: another port is elsewhere in the space
  EXPECT_NE(initial_sequence_number(IsnSecret{1, 3}, a, b, 0), x);  // the secret matters
}

// Completes a handshake from `port` and lets the server close first, which
// leaves the connection in TIME_WAIT.
TcpConnection* time_wait_from(TcpTest* t, uint16_t port) {
  TcpConnection* c = t->accept_one(port);
  t->stack.close(c, t->now);
  Segment fin = t->out.pop();
  EXPECT_TRUE(fin.has(kTcpFin));
  t->peer(kTcpAck | kTcpFin, 1001, fin.h.seq + 1, "", port);
  t->out.pop();  // our ACK of their FIN
  return c;
}

TEST_F(TcpTest, TableFullReusesOldestTimeWait) {
  TcpConfig cfg = config();
  cfg.max_connections = 3;  // the listener and two more
  reconfigure(cfg);
  time_wait_from(this, 5001);
  time_wait_from(this, 5002);
  EXPECT_EQ(stack.connection_count(), 3u);
  EXPECT_EQ(stack.time_wait_count(), 2u);
  // A third client: the oldest TIME_WAIT (port 5001) makes room.
  EXPECT_EQ(peer(kTcpSyn, 7000, 0, "", 5003), TcpRxResult::kDelivered);
  EXPECT_TRUE(out.pop().has(kTcpSyn));
  EXPECT_EQ(stack.stats().time_wait_reused, 1u);
  EXPECT_EQ(stack.connection_count(), 3u);
  // 5002's TIME_WAIT is still there: its late FIN is answered with an ACK.
  peer(kTcpAck | kTcpFin, 1001, 0, "", 5002);
  EXPECT_TRUE(out.pop().has(kTcpAck));
  // 5001's is gone: a segment for it meets no connection.
  EXPECT_EQ(peer(kTcpAck, 1002, 0, "", 5001), TcpRxResult::kNoListener);
}

TEST_F(TcpTest, TableFullWithoutTimeWaitIsCountedAsSuch) {
  TcpConfig cfg = config();
  cfg.max_connections = 2;
  reconfigure(cfg);
  accept_one(5001);  // the listener and one live connection
  EXPECT_EQ(peer(kTcpSyn, 7000, 0, "", 5003), TcpRxResult::kTableFull);
  EXPECT_TRUE(out.sent.empty());
}

TEST_F(TcpTest, BufferBudgetSpentIsNoMemory) {
  TcpConfig cfg = config();
  cfg.buffer_budget = 2 * kBuffer;  // one connection's buffers
  reconfigure(cfg);
  TcpConnection* c = accept_one(5001);
  EXPECT_EQ(stack.buffer_bytes(), 2 * kBuffer);
  EXPECT_EQ(peer(kTcpSyn, 7000, 0, "", 5003), TcpRxResult::kNoMemory);
  EXPECT_TRUE(out.sent.empty());
  // TIME_WAIT gives the buffers back: the next client gets in.
  stack.close(c, now);
  Segment fin = out.pop();
  peer(kTcpAck | kTcpFin, 1001, fin.h.seq + 1, "", 5001);
  out.pop();
  EXPECT_EQ(stack.time_wait_count(), 1u);
  EXPECT_EQ(stack.buffer_bytes(), 0u);
  EXPECT_EQ(peer(kTcpSyn, 7000, 0, "", 5003), TcpRxResult::kDelivered);
}

// A closed connection keeps only the buffer it still needs: none for
// receiving (nobody reads again), the send buffer until our FIN is acked. So
// orphans whose peers never close (FIN_WAIT_2, up to fin_wait_2_timeout_ms)
// never spend the budget that new clients need.
TEST_F(TcpTest, ClosedConnectionGivesBuffersBackBeforeItEnds) {
  TcpConfig cfg = config();
  cfg.buffer_budget = 2 * kBuffer;  // one connection's buffers
  reconfigure(cfg);
  TcpConnection* c = accept_one(5001);
  EXPECT_EQ(send_str(c, "bye"), 3u);
  stack.close(c, now);
  EXPECT_EQ(stack.buffer_bytes(), kBuffer);  // the send buffer: "bye" and the FIN are in flight
  EXPECT_EQ(out.pop().data, "bye");
  Segment fin = out.pop();
  ASSERT_TRUE(fin.has(kTcpFin));
  peer(kTcpAck, 1001, fin.h.seq + 1, "", 5001);  // FIN_WAIT_2; the peer stays open
  EXPECT_EQ(stack.buffer_bytes(), 0u);
  EXPECT_EQ(stack.connection_count(), 2u);
  EXPECT_EQ(peer(kTcpSyn, 7000, 0, "", 5003), TcpRxResult::kDelivered);
  // Data the peer still sends to the orphan is answered with a reset.
  out.sent.clear();
  peer(kTcpAck, 1001, fin.h.seq + 1, "late", 5001);
  EXPECT_TRUE(out.pop().has(kTcpRst));
}

// A sender that fills its send buffer gets a bigger one (doubling, up to
// max_send_buffer and within the budget); what it held moves along.
TEST_F(TcpTest, SendBufferGrowsForABulkSender) {
  TcpConfig cfg = config();
  cfg.max_send_buffer = 4 * kBuffer;
  cfg.buffer_budget = 5 * kBuffer;  // room for one doubling beyond the first
  reconfigure(cfg);
  TcpConnection* c = accept_one();
  std::string data(6 * kBuffer, 'x');
  for (size_t i = 0; i < data.size(); ++i) data[i] = char('a' + i % 26);
  EXPECT_EQ(send_str(c, data), 2 * kBuffer);  // 8 KiB -> 16 KiB; 32 KiB would exceed the budget
  EXPECT_EQ(stack.buffer_bytes(), 3 * kBuffer);
  EXPECT_EQ(c->bytes_unacked(), 2 * kBuffer);
  // Everything arrives in order, acknowledged a window at a time.
  std::string got;
  for (int round = 0; round < 100 && got.size() < 2 * kBuffer; ++round) {
    while (!out.sent.empty()) {
      Segment s = out.pop();
      EXPECT_EQ(s.h.seq, iss + 1 + got.size());
      got += s.data;
    }
    peer(kTcpAck, 1001, iss + 1 + uint32_t(got.size()), "", 5000, 80, 8192);
  }
  EXPECT_EQ(got, data.substr(0, 2 * kBuffer));
  stack.close(c, now);
  peer(kTcpAck | kTcpFin, 1001, iss + 2 + uint32_t(got.size()));
  EXPECT_EQ(stack.buffer_bytes(), 0u);
}

// A reader that falls behind (the buffer more than half full of unread
// data) gets a bigger buffer, and the window it offers stays open.
TEST_F(TcpTest, ReceiveBufferGrowsForASlowReader) {
  TcpConfig cfg = config();
  cfg.max_receive_buffer = 2 * kBuffer;
  reconfigure(cfg);
  TcpConnection* c = accept_one();
  uint32_t seq = 1001;
  for (int i = 0; i < 5; ++i, seq += 1000) peer(kTcpAck, seq, iss + 1, std::string(1000, char('a' + i)));
  EXPECT_EQ(stack.buffer_bytes(), 3 * kBuffer);  // grown once more than half was unread
  stack.poll(now);
  Segment ack = out.pop();
  EXPECT_EQ(ack.h.ack, seq);
  EXPECT_EQ(ack.h.window, 2 * kBuffer - 5000);
  std::string got = recv_all(c);
  EXPECT_EQ(got.size(), 5000u);
  EXPECT_EQ(got.substr(3000, 1000), std::string(1000, 'd'));
}

TEST_F(TcpTest, SynMatchingTimeWaitFollowsRfc6191) {
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).value();
  time_wait_from(this, 5001);  // its rcv_nxt is 1002 (1001 + their FIN)
  // An old duplicate SYN (at or below rcv_nxt): TIME_WAIT answers with an ACK.
  EXPECT_EQ(peer(kTcpSyn, 900, 0, "", 5001), TcpRxResult::kDelivered);
  Segment ack = out.pop();
  EXPECT_FALSE(ack.has(kTcpSyn));
  EXPECT_EQ(ack.h.ack, 1002u);
  EXPECT_EQ(stack.time_wait_count(), 1u);
  // A new incarnation above it: TIME_WAIT yields, the listener answers.
  EXPECT_EQ(peer(kTcpSyn, 50000, 0, "", 5001), TcpRxResult::kDelivered);
  Segment synack = out.pop();
  EXPECT_TRUE(synack.has(kTcpSyn) && synack.has(kTcpAck));
  EXPECT_EQ(synack.h.ack, 50001u);
  EXPECT_EQ(stack.time_wait_count(), 0u);
}

TEST_F(TcpTest, SynFloodDropsTheOldestHalfOpen) {
  TcpConfig cfg = config();
  cfg.syn_queue = 2;
  reconfigure(cfg);
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 8, now).value();
  EXPECT_EQ(peer(kTcpSyn, 100, 0, "", 6001), TcpRxResult::kDelivered);  // spoofed, never completes
  out.pop();
  EXPECT_EQ(peer(kTcpSyn, 100, 0, "", 6002), TcpRxResult::kDelivered);
  out.pop();
  // A real client: the oldest half-open entry goes, the client is answered.
  EXPECT_EQ(peer(kTcpSyn, 1000, 0, "", 5000), TcpRxResult::kSynQueueFull);
  Segment synack = out.pop();
  EXPECT_TRUE(synack.has(kTcpSyn));
  peer(kTcpAck, 1001, synack.h.seq + 1, "", 5000);
  EXPECT_TRUE(stack.acceptable(listener));
  EXPECT_EQ(stack.connection_count(), 3u);  // listener, 6002, the client
  // The evicted one is unknown now: its ACK is answered with a RST.
  EXPECT_EQ(peer(kTcpAck, 101, 1, "", 6001), TcpRxResult::kNoListener);
}

TEST_F(TcpTest, HalfOpenChildGivesUpAfterFewSynAcks) {
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).value();
  peer(kTcpSyn, 100, 0, "", 6001);
  out.pop();
  int synacks = 0;
  while (stack.connection_count() > 1 && synacks < 20) {
    now = stack.next_deadline();
    stack.poll(now);
    while (!out.sent.empty()) synacks += out.pop().has(kTcpSyn);
  }
  EXPECT_EQ(synacks, int(stack.config().max_syn_ack_retransmits));
  EXPECT_EQ(stack.connection_count(), 1u);
}

TEST_F(TcpTest, OldAckGetsChallengeAck) {
  TcpConnection* c = accept_one();
  send_str(c, std::string(1000, 'x'));
  out.pop();
  peer(kTcpAck, 1001, iss + 1001);
  // An ACK far below snd_una (more than any window the peer offered) is
  // not believable (RFC 5961 5.2): answered, and nothing changes.
  peer(kTcpAck, 1001, iss + 1001 - 100000);
  Segment challenge = out.pop();
  EXPECT_EQ(challenge.h.seq, iss + 1001);
  EXPECT_EQ(stack.stats().challenge_acks, 1u);
  EXPECT_EQ(c->state(), TcpState::kEstablished);
}

TEST_F(TcpTest, WindowScalingWhenBothSynsCarryIt) {
  TcpConfig cfg = config();
  cfg.receive_buffer = 262144;  // needs a shift of 3 to fit 16 bits
  reconfigure(cfg);
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).value();
  TcpHeader h;
  h.src_port = 5000;
  h.dst_port = 80;
  h.seq = 1000;
  h.flags = kTcpSyn;
  h.window = 1000;
  h.mss = 1000;
  h.window_scale = 4;
  uint8_t buf[100];
  auto n = emit_tcp(h, ByteSpan{}, kPeer, kUs, MutByteSpan{buf, sizeof buf});
  stack.receive(kPeer, kUs, ByteSpan{buf, n.value()}, now);
  Segment synack = out.pop();
  EXPECT_EQ(synack.h.window_scale, 3);
  EXPECT_EQ(synack.h.window, 0xffff);  // a SYN's window is never scaled
  peer(kTcpAck, 1001, synack.h.seq + 1, "", 5000, 80, 1000);  // 1000 << 4 bytes
  TcpConnection* c = stack.accept(listener).value();
  EXPECT_EQ(c->send_window(), 16000u);
  peer(kTcpAck | kTcpPsh, 1001, synack.h.seq + 1, std::string(1000, 'd'), 5000, 80, 1000);
  peer(kTcpAck | kTcpPsh, 2001, synack.h.seq + 1, std::string(1000, 'd'), 5000, 80, 1000);
  stack.poll(now);  // every second segment: at the end of the batch
  Segment ack = out.pop();
  EXPECT_EQ(ack.h.window, (262144 - 2000) >> 3);
}

TEST_F(TcpTest, NoWindowScalingWithoutThePeersOption) {
  TcpConfig cfg = config();
  cfg.receive_buffer = 262144;
  reconfigure(cfg);
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).value();
  peer(kTcpSyn, 1000, 0, "", 5000, 80, 8192, 1000);
  Segment synack = out.pop();
  EXPECT_EQ(synack.h.window_scale, -1);
  peer(kTcpAck, 1001, synack.h.seq + 1, "", 5000, 80, 8192);
  TcpConnection* c = stack.accept(listener).value();
  EXPECT_EQ(c->send_window(), 8192u);
  EXPECT_EQ(c->receive_window_shift(), 0);
  peer(kTcpAck | kTcpPsh, 1001, synack.h.seq + 1, "ab");
  run_delayed_ack();
  EXPECT_EQ(out.pop().h.window, 0xffff);  // capped, unscaled
}

// A receive buffer larger than the peer lets us advertise (no window
// scaling): reading never sends an update that says nothing new -- the peer
// would count it as a duplicate ACK.
TEST_F(TcpTest, NoWindowUpdateThatRepeatsTheLastWindow) {
  TcpConfig cfg = config();
  cfg.receive_buffer = 262144;
  reconfigure(cfg);
  listener = stack.listen(Endpoint{Ipv4Address::any(), 80}, 4, now).value();
  peer(kTcpSyn, 1000, 0, "", 5000, 80, 8192, 1000);  // no window scale option
  Segment synack = out.pop();
  peer(kTcpAck, 1001, synack.h.seq + 1, "", 5000, 80, 8192);
  TcpConnection* c = stack.accept(listener).value();
  uint32_t seq = 1001;
  for (int i = 0; i < 20; ++i) {
    peer(kTcpAck | kTcpPsh, seq, synack.h.seq + 1, std::string(1000, 'x'));
    seq += 1000;
    stack.poll(now);
    EXPECT_EQ(recv_all(c).size(), 1000u);
  }
  while (!out.sent.empty()) {
    Segment s = out.pop();
    EXPECT_EQ(s.h.window, 0xffff);
    EXPECT_TRUE(out.sent.empty() || out.sent.front().h.ack != s.h.ack) << "a repeated ACK for " << s.h.ack;
  }
}

TEST_F(TcpTest, DelayedAckEverySecondSegmentAndAtOnceForHoles) {
  TcpConnection* c = accept_one();
  peer(kTcpAck, 1001, iss + 1, "a");
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(stack.next_deadline(), now + 40);
  peer(kTcpAck, 1002, iss + 1, "b");
  EXPECT_TRUE(out.sent.empty());  // the second segment: due at once, for the whole batch...
  EXPECT_EQ(stack.next_deadline(), now);
  peer(kTcpAck, 1003, iss + 1, "c");
  stack.poll(now);  // ...which ends here: one ACK for "b" and "c"
  EXPECT_EQ(out.pop().h.ack, 1004u);
  EXPECT_TRUE(out.sent.empty());
  peer(kTcpAck, 1004, iss + 1, "d");
  peer(kTcpAck, 1007, iss + 1, "g");  // a hole: a duplicate ACK at once
  EXPECT_EQ(out.pop().h.ack, 1005u);
  peer(kTcpAck, 1005, iss + 1, "ef");  // fills it: at once
  EXPECT_EQ(out.pop().h.ack, 1008u);
  EXPECT_EQ(recv_all(c), "abcdefg");
  // A response carries the ACK: nothing is left for the timer.
  peer(kTcpAck, 1008, iss + 1, "GET");
  send_str(c, "200");
  Segment reply = out.pop();
  EXPECT_EQ(reply.h.ack, 1011u);
  EXPECT_EQ(reply.data, "200");
  run_delayed_ack();
  EXPECT_TRUE(out.sent.empty());
}

TEST_F(TcpTest, NagleHoldsSmallSegmentsUnlessNoDelay) {
  TcpConnection* c = accept_one();
  send_str(c, "head");
  EXPECT_EQ(out.pop().data, "head");
  send_str(c, "body");
  EXPECT_TRUE(out.sent.empty());  // "head" is unacknowledged: "body" waits
  peer(kTcpAck, 1001, iss + 5);
  EXPECT_EQ(out.pop().data, "body");
  peer(kTcpAck, 1001, iss + 9);
  c->set_no_delay(true);
  send_str(c, "one");
  send_str(c, "two");
  EXPECT_EQ(out.pop().data, "one");
  EXPECT_EQ(out.pop().data, "two");
}

TEST_F(TcpTest, FullLinkHoldsDataBackInsteadOfDroppingIt) {
  TcpConnection* c = accept_one();
  out.room = kTxReserve;  // the link is (nearly) full
  send_str(c, "data");
  EXPECT_TRUE(out.sent.empty());  // held in the send buffer, not handed down
  EXPECT_EQ(stack.stats().tx_held, 1u);
  EXPECT_EQ(c->bytes_unacked(), 4u);
  peer(kTcpAck | kTcpFin, 1001, iss + 1);
  run_delayed_ack();  // ACKs still go
  EXPECT_EQ(out.pop().h.ack, 1002u);
  out.room = 100;  // room again
  stack.poll(now);
  EXPECT_EQ(out.pop().data, "data");
}

TEST_F(TcpTest, FastRetransmitAndNewRenoRecovery) {
  TcpConnection* c = accept_one();  // MSS 1000
  peer(kTcpAck, 1001, iss + 1, "", 5000, 80, 60000);
  // Grow the window: a few round trips of slow start.
  uint32_t acked = iss + 1;
  for (int round = 0; round < 6; ++round) {
    send_str(c, std::string(4000, 'w'));
    while (!out.sent.empty()) acked += uint32_t(out.pop().data.size());
    peer(kTcpAck, 1001, acked, "", 5000, 80, 60000);
  }
  ASSERT_GE(c->congestion_window(), 8000u);
  send_str(c, std::string(8000, 'x'));
  std::vector<Segment> flight(out.sent.begin(), out.sent.end());
  out.sent.clear();
  ASSERT_GE(flight.size(), 6u);
  uint32_t first = flight[0].h.seq;
  // Segments 0 and 2 are lost; 1, 3, 4, 5 arrive: duplicate ACKs for 0.
  for (int i = 0; i < 3; ++i) peer(kTcpAck, 1001, first, "", 5000, 80, 60000);
  ASSERT_FALSE(out.sent.empty());
  EXPECT_EQ(out.pop().h.seq, first);  // retransmitted without waiting for the timer
  EXPECT_EQ(stack.stats().fast_retransmits, 1u);
  EXPECT_EQ(stack.stats().timeouts, 0u);
  out.sent.clear();
  // A partial ACK (up to the second hole) retransmits that hole at once.
  peer(kTcpAck, 1001, flight[2].h.seq, "", 5000, 80, 60000);
  ASSERT_FALSE(out.sent.empty());
  EXPECT_EQ(out.pop().h.seq, flight[2].h.seq);
  out.sent.clear();
  peer(kTcpAck, 1001, flight.back().h.seq + uint32_t(flight.back().data.size()), "", 5000, 80, 60000);
  EXPECT_EQ(c->bytes_unacked(), 0u);
  EXPECT_EQ(stack.stats().timeouts, 0u);
}

}  // namespace
}  // namespace akuma::net::tcp
