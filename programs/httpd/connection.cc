#include "programs/httpd/connection.h"

#include <stdio.h>
#include <string.h>

namespace httpd {

Reply error_reply(int status, char* scratch) {
  int n = snprintf(scratch, kBodyScratch, "%d %s\n", status, reason_phrase(status));
  size_t length = n < 0 ? 0 : static_cast<size_t>(n) < kBodyScratch ? static_cast<size_t>(n) : kBodyScratch - 1;
  return Reply{status, "text/plain; charset=utf-8", scratch, length};
}

void Connection::open(uint64_t now_ms) {
  have_ = head_length_ = body_length_ = sent_ = 0;
  body_ = BodyKind::kNone;
  body_left_ = 0;
  chunked_ = ChunkedBody{};
  body_out_ = nullptr;
  served_ = 0;
  requests_ = 0;
  closing_ = peer_closed_ = false;
  head_since_ms_ = window_start_ms_ = last_ms_ = now_ms;
  window_bytes_ = 0;
}

void Connection::progress(size_t n, uint64_t now_ms) {
  if (now_ms > last_ms_) last_ms_ = now_ms;
  window_bytes_ += n;
  if (window_bytes_ >= kMinRateBytes) {  // the minimum is met: a new window
    window_start_ms_ = last_ms_;
    window_bytes_ = 0;
  }
}

void Connection::received(size_t n, uint64_t now_ms) {
  have_ += n;
  progress(n, now_ms);
}

void Connection::consume(size_t n) {
  for (size_t i = n; i < have_; ++i) in_[i - n] = in_[i];
  have_ -= n;
}

bool Connection::drop_body() {
  if (body_ == BodyKind::kLength) {
    size_t n = body_left_ < have_ ? body_left_ : have_;
    consume(n);
    body_left_ -= n;
    if (body_left_ != 0) return false;
  } else if (body_ == BodyKind::kChunked) {
    size_t used = 0;
    ChunkedBody::Status s = chunked_.feed(in_, have_, used);
    consume(used);
    if (s == ChunkedBody::Status::kMore) return false;
    if (s != ChunkedBody::Status::kDone) {
      // A bad or oversized body: where the next request starts is unknown.
      // The response is already on its way; nothing more is read.
      closing_ = true;
      body_ = BodyKind::kNone;
      have_ = 0;
      return false;
    }
  }
  body_ = BodyKind::kNone;
  if (out_length() == 0) head_since_ms_ = last_ms_;  // waiting for the next head from now on
  return true;
}

void Connection::step(Handler handler, void* context) {
  for (;;) {
    if (body_ != BodyKind::kNone && !drop_body()) {
      if (peer_closed_) closing_ = true;  // the rest never comes
      break;
    }
    if (closing_ || out_length() != 0) break;  // one response at a time
    Request req;
    size_t used = 0;
    Parse p = parse_request(in_, have_, req, used);
    if (p == Parse::kIncomplete) {
      if (peer_closed_) closing_ = true;  // the rest never comes
      break;
    }
    if (p != Parse::kOk) {
      respond(false, error_reply(status_for(p), scratch_), false);
      have_ = 0;  // where the next request would start is unknown
      break;
    }
    bool keep_alive = req.keep_alive && ++served_ < kMaxRequestsPerConnection;
    respond(req.method == Method::kHead, handler(req, scratch_, context), keep_alive);
    consume(used);
    body_ = req.body;
    body_left_ = req.body_length;
    chunked_ = ChunkedBody{};
    window_start_ms_ = last_ms_;
    window_bytes_ = 0;
  }
}

void Connection::respond(bool head_only, const Reply& reply, bool keep_alive) {
  head_length_ = format_head(head_, sizeof head_, reply.status, reply.content_type, reply.length, keep_alive);
  body_out_ = reply.body;
  body_length_ = head_only ? 0 : reply.length;
  if (body_length_ <= sizeof head_ - head_length_) {  // small: behind the head, one send
    memcpy(head_ + head_length_, body_out_, body_length_);
    head_length_ += body_length_;
    body_length_ = 0;
  }
  sent_ = 0;
  ++requests_;
  if (!keep_alive) closing_ = true;
}

const char* Connection::out() const {
  return sent_ < head_length_ ? head_ + sent_ : body_out_ + (sent_ - head_length_);
}

size_t Connection::out_length() const {
  return sent_ < head_length_ ? head_length_ - sent_ : head_length_ + body_length_ - sent_;
}

void Connection::sent(size_t n, uint64_t now_ms) {
  sent_ += n;
  progress(n, now_ms);
  if (out_length() == 0) {
    head_length_ = body_length_ = sent_ = 0;
    if (body_ == BodyKind::kNone) head_since_ms_ = last_ms_;  // waiting for the next head
  }
}

uint64_t Connection::ms_until_expiry(uint64_t now_ms) const {
  uint64_t deadline = waiting_for_head() ? head_since_ms_ + kHeadTimeoutMs : window_start_ms_ + kRateWindowMs;
  return now_ms >= deadline ? 0 : deadline - now_ms;
}

}  // namespace httpd
