#include "programs/httpd/connection.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace httpd {
namespace {

const char kBody[] = "hello";

Reply hello(const Request& req, char* scratch, void* context) {
  ++*static_cast<int*>(context);
  if (req.method == Method::kOther) return error_reply(405, scratch);
  if (std::strcmp(req.path, "/") != 0) return error_reply(404, scratch);
  return Reply{200, "text/plain", kBody, sizeof kBody - 1};
}

struct Fixture : ::testing::Test {
  Connection c;
  int calls = 0;
  void SetUp() override { c.open(1000); }

  void feed(const std::string& text, uint64_t now = 1000) {
    ASSERT_LE(text.size(), c.in_room());
    std::memcpy(c.in_space(), text.data(), text.size());
    c.received(text.size(), now);
    c.step(hello, &calls);
  }
  // Everything there is to send, up to `max` bytes per sent() call.
  std::string drain(size_t max = 1 << 20, uint64_t now = 1000) {
    std::string out;
    while (c.wants_write()) {
      size_t n = c.out_length() < max ? c.out_length() : max;
      out.append(c.out(), n);
      c.sent(n, now);
      c.step(hello, &calls);
    }
    return out;
  }
};

TEST_F(Fixture, HalfARequestWaitsForTheRest) {
  feed("GET / HT");
  EXPECT_TRUE(c.wants_read());
  EXPECT_FALSE(c.wants_write());
  EXPECT_EQ(calls, 0);
  feed("TP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_FALSE(c.wants_read());  // not while a response is pending
  std::string out = drain();
  EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(out.find("Connection: keep-alive"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 5), "hello");
  EXPECT_TRUE(c.wants_read());
  EXPECT_FALSE(c.done());
  EXPECT_EQ(c.requests(), 1u);
}

TEST_F(Fixture, PartialSendsResumeWhereTheyStopped) {
  feed("GET / HTTP/1.0\r\n\r\n");
  std::string whole;
  {
    Connection d;
    d.open(0);
    std::memcpy(d.in_space(), "GET / HTTP/1.0\r\n\r\n", 18);
    d.received(18, 0);
    int n = 0;
    d.step(hello, &n);
    while (d.wants_write()) {
      whole.append(d.out(), d.out_length());
      d.sent(d.out_length(), 0);
    }
  }
  EXPECT_EQ(drain(3), whole);
  EXPECT_TRUE(c.done());  // HTTP/1.0 without keep-alive
}

// A small response is one contiguous buffer, head and body (one send, one
// segment); a large body follows its head from where the handler left it.
TEST_F(Fixture, SmallResponseIsOneBufferLargeBodyFollowsTheHead) {
  feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string one(c.out(), c.out_length());
  EXPECT_EQ(one.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_EQ(one.substr(one.size() - 5), "hello");
  c.sent(one.size(), 1000);
  EXPECT_FALSE(c.wants_write());

  static std::string big(kCoalesce, 'b');
  Connection d;
  d.open(0);
  const char get[] = "GET /big HTTP/1.1\r\nHost: a\r\n\r\n";
  std::memcpy(d.in_space(), get, sizeof get - 1);
  d.received(sizeof get - 1, 0);
  d.step([](const Request&, char*, void*) { return Reply{200, "text/plain", big.data(), big.size()}; }, nullptr);
  std::string head(d.out(), d.out_length());
  EXPECT_EQ(head.substr(head.size() - 4), "\r\n\r\n");
  d.sent(head.size(), 0);
  EXPECT_EQ(d.out(), big.data());  // sent from the handler's buffer, not copied
  EXPECT_EQ(d.out_length(), big.size());
}

TEST_F(Fixture, PipelinedRequestsAndBodiesAreServedInOrder) {
  feed("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbodyGET /nope HTTP/1.1\r\nHost: a\r\n"
       "\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  std::string out = drain();
  size_t a = out.find("405"), b = out.find("404"), d = out.find("200 OK");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(d, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, d);
  EXPECT_TRUE(c.done());
  EXPECT_EQ(c.requests(), 3u);
}

TEST_F(Fixture, BodyArrivingLaterIsSkipped) {
  feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nab");
  drain();
  feed("cdef");
  EXPECT_TRUE(c.wants_read());
  feed("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string out = drain();
  EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_EQ(out.find("hello"), std::string::npos);  // HEAD: no body
}

TEST_F(Fixture, MalformedRequestIsAnsweredAndClosed) {
  feed("NONSENSE\r\n\r\n");
  EXPECT_EQ(drain().rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_TRUE(c.done());
  EXPECT_EQ(calls, 0);
}

TEST_F(Fixture, PeerCloseEndsAfterTheLastResponse) {
  feed("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HT");
  c.peer_closed();
  EXPECT_FALSE(c.wants_read());
  EXPECT_FALSE(drain().empty());
  c.step(hello, &calls);
  EXPECT_TRUE(c.done());
  EXPECT_EQ(calls, 1);
}

TEST_F(Fixture, AHeadMustBeCompleteWithinTheDeadlineHoweverItDrips) {
  EXPECT_EQ(c.ms_until_expiry(1000), kHeadTimeoutMs);
  feed("G", 3000);  // a byte now and then restarts nothing
  feed("E", 6000);
  feed("T", 9000);
  EXPECT_EQ(c.ms_until_expiry(9000), 1000 + kHeadTimeoutMs - 9000);
  EXPECT_FALSE(c.expired(1000 + kHeadTimeoutMs - 1));
  EXPECT_TRUE(c.expired(1000 + kHeadTimeoutMs));
  EXPECT_FALSE(c.expired(500));  // a clock read before it opened
}

TEST_F(Fixture, AnIdleKeepAliveConnectionHasTheHeadDeadlineFromItsLastResponse) {
  feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n", 2000);
  drain(1 << 20, 4000);
  EXPECT_FALSE(c.done());
  EXPECT_EQ(c.ms_until_expiry(4000), kHeadTimeoutMs);
  EXPECT_TRUE(c.expired(4000 + kHeadTimeoutMs));
}

TEST_F(Fixture, ABodyBelowTheMinimumRateExpires) {
  feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n", 1000);
  EXPECT_EQ(drain(1 << 20, 1000).rfind("HTTP/1.1 405", 0), 0u);
  EXPECT_TRUE(c.wants_read());  // the body is read (and dropped)
  feed(std::string(kMinRateBytes, 'b'), 3000);  // enough for one window...
  EXPECT_FALSE(c.expired(3000 + kRateWindowMs - 1));
  feed(std::string(10, 'b'), 7000);  // ...but then 10 bytes in 5 s
  EXPECT_TRUE(c.expired(3000 + kRateWindowMs));
}

TEST_F(Fixture, PeerGoneWhileABodyIsAnnouncedClosesAtOnce) {
  // Content-Length: 10, the 405 read, the client gone: nothing more comes.
  feed("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
  EXPECT_EQ(drain().rfind("HTTP/1.1 405", 0), 0u);
  EXPECT_FALSE(c.done());
  c.peer_closed();
  c.step(hello, &calls);
  EXPECT_TRUE(c.done());
}

TEST_F(Fixture, PeerGoneInEveryStateEndsTheConnection) {
  c.peer_closed();  // before any byte
  c.step(hello, &calls);
  EXPECT_TRUE(c.done());
  c.open(1000);
  feed("GET / HT");  // half a head
  c.peer_closed();
  c.step(hello, &calls);
  EXPECT_TRUE(c.done());
  c.open(1000);
  feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");  // half a chunk
  drain();
  c.peer_closed();
  c.step(hello, &calls);
  EXPECT_TRUE(c.done());
}

TEST_F(Fixture, ChunkedBodiesAreReadAndTheNextRequestFollows) {
  feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
       "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nTrailer: x\r\n\r\n"
       "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string out = drain();
  size_t a = out.find("405"), b = out.find("200 OK");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_FALSE(c.done());
  EXPECT_EQ(c.requests(), 2u);
}

TEST_F(Fixture, AnOversizedOrBrokenChunkedBodyClosesAfterTheResponse) {
  feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n");  // 2 MiB
  EXPECT_EQ(drain().rfind("HTTP/1.1 405", 0), 0u);
  EXPECT_TRUE(c.done());
  c.open(1000);
  feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  drain();
  EXPECT_TRUE(c.done());
}

TEST_F(Fixture, KeepAliveStopsAfterTheRequestLimit) {
  for (int i = 1; i < kMaxRequestsPerConnection; ++i) {
    feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_NE(drain().find("keep-alive"), std::string::npos);
  }
  feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_NE(drain().find("Connection: close"), std::string::npos);
  EXPECT_TRUE(c.done());
}

}  // namespace
}  // namespace httpd
