// One HTTP connection of httpd's event loop, as pure logic: its request
// bytes, the response being sent and how far it got, keep-alive and the idle
// clock. No sockets: httpd.cc moves bytes between the socket and
// in_space()/received() and out()/sent() when poll says they would not block;
// host tested (connection_unittest.cc).
//
// Flow: reading a request head -> (a whole head is buffered) the Handler
// answers -> writing until the response is sent, while the request's body
// (Content-Length or chunked, bounded) is read and dropped -> the next
// request (keep-alive) or done. Requests pipelined behind the head stay
// buffered.
//
// Deadlines, so that no client holds a slot by being slow (expired()):
// - a whole request head within kHeadTimeoutMs of the moment the connection
//   began waiting for it (accepted, or the previous response sent): a client
//   dripping a byte now and then is closed all the same; an idle keep-alive
//   connection is closed after the same time;
// - while a body is read or a response sent, at least kMinRateBytes every
//   kRateWindowMs (a minimum rate), or the connection is closed.
// A connection whose peer has gone (recv returned 0 or poll said hangup) is
// done at once in every state, unless a response is still being sent.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "programs/httpd/http_parser.h"

namespace httpd {

constexpr uint64_t kHeadTimeoutMs = 10000;
constexpr uint64_t kRateWindowMs = 5000;
constexpr size_t kMinRateBytes = 512;
constexpr int kMaxRequestsPerConnection = 100;
constexpr size_t kBodyScratch = 1024;  // error and status pages are formatted here
constexpr size_t kCoalesce = 2048;     // a response up to this size is sent from one buffer

// What to send for a request. body: kept until sent (a file, or the scratch).
struct Reply {
  int status;
  const char* content_type;
  const char* body;
  size_t length;
};

// Answers a parsed request; may format a body into scratch[0..kBodyScratch).
using Handler = Reply (*)(const Request& req, char* scratch, void* context);

// "404 Not Found\n" in scratch, as text/plain.
Reply error_reply(int status, char* scratch);

class Connection {
 public:
  // A new connection at now_ms.
  void open(uint64_t now_ms);

  // Input: up to in_room() bytes into in_space(), then received(n).
  char* in_space() { return in_ + have_; }
  size_t in_room() const { return sizeof in_ - have_; }
  void received(size_t n, uint64_t now_ms);
  // The peer has sent everything (recv returned 0) or hung up.
  void peer_closed() { peer_closed_ = true; }

  // Answers the buffered requests (with handler) until there is a response
  // to send or more input is needed.
  void step(Handler handler, void* context);

  // Output: the next unsent bytes, contiguous (the rest of the head, then of
  // the body; empty when there is nothing to send), then sent(n) for what
  // the socket took.
  const char* out() const;
  size_t out_length() const;
  void sent(size_t n, uint64_t now_ms);

  // Reads while there is no response to send, and also while one is sent
  // if a request body is still coming (it is read and dropped).
  bool wants_read() const {
    return !done() && !peer_closed_ && (out_length() == 0 || body_ != BodyKind::kNone);
  }
  bool wants_write() const { return out_length() != 0; }
  // Nothing more to do: close the socket (a request body still coming is
  // read to its end first, unless the peer has gone).
  bool done() const { return closing_ && out_length() == 0 && (body_ == BodyKind::kNone || peer_closed_); }
  // A deadline (see the header) has passed. now_ms may be older than the
  // last progress (a clock read before it).
  bool expired(uint64_t now_ms) const { return ms_until_expiry(now_ms) == 0; }
  // ms until expired() (0 if it is).
  uint64_t ms_until_expiry(uint64_t now_ms) const;
  // Waiting for a request head (and when that began): the first to be
  // closed when a new client needs the slot.
  bool waiting_for_head() const { return out_length() == 0 && body_ == BodyKind::kNone; }
  uint64_t deadline_base() const { return waiting_for_head() ? head_since_ms_ : window_start_ms_; }
  uint64_t requests() const { return requests_; }

 private:
  void respond(bool head_only, const Reply& reply, bool keep_alive);
  void consume(size_t n);
  bool drop_body();  // true once the body is all in
  void progress(size_t n, uint64_t now_ms);

  char in_[kMaxHead + 1024];  // received, not yet used
  size_t have_ = 0;
  BodyKind body_ = BodyKind::kNone;  // the request body being read and dropped
  size_t body_left_ = 0;             // kLength: bytes still to come
  ChunkedBody chunked_;              // kChunked: its decoder
  // The response head being sent, and a small body copied right behind it,
  // so that the two leave in one send() and one segment, not two (with
  // TCP_NODELAY each send is a segment, and a frame costs more than a copy).
  char head_[kCoalesce];
  size_t head_length_ = 0;
  char scratch_[kBodyScratch];
  const char* body_out_ = nullptr;  // the response body being sent
  size_t body_length_ = 0;
  size_t sent_ = 0;           // of head_ then body_
  int served_ = 0;
  uint64_t requests_ = 0;
  bool closing_ = false;      // close once the response is sent
  bool peer_closed_ = false;
  uint64_t head_since_ms_ = 0;    // waiting for a head since then
  uint64_t window_start_ms_ = 0;  // the current minimum-rate window
  size_t window_bytes_ = 0;       // moved in it
  uint64_t last_ms_ = 0;          // the newest time seen
};

}  // namespace httpd
