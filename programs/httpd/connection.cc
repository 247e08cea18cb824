#include "programs/httpd/connection.h"

#include <stdio.h>

namespace httpd {

Reply error_reply(int status, char* scratch) {
  int n = snprintf(scratch, kBodyScratch, "%d %s\n", status, reason_phrase(status));
  size_t length = n < 0 ? 0 : static_cast<size_t>(n) < kBodyScratch ? static_cast<size_t>(n) : kBodyScratch - 1;
  return Reply{status, "text/plain; charset=utf-8", scratch, length};
}

void Connection::open(uint64_t now_ms) {
  have_ = skip_ = head_length_ = body_length_ = sent_ = 0;
  body_ = nullptr;
  served_ = 0;
  requests_ = 0;
  closing_ = peer_closed_ = false;
  last_progress_ms_ = now_ms;
}

void Connection::received(size_t n, uint64_t now_ms) {
  have_ += n;
  last_progress_ms_ = now_ms;
}

void Connection::consume(size_t n) {
  for (size_t i = n; i < have_; ++i) in_[i - n] = in_[i];
  have_ -= n;
}

void Connection::step(Handler handler, void* context) {
  while (!closing_ && out_length() == 0) {
    if (skip_ != 0) {
      size_t n = skip_ < have_ ? skip_ : have_;
      consume(n);
      skip_ -= n;
      if (skip_ != 0) break;  // more body to come
    }
    Request req;
    size_t used = 0;
    Parse p = parse_request(in_, have_, req, used);
    if (p == Parse::kIncomplete) {
      if (peer_closed_) closing_ = true;  // the rest never comes
      break;
    }
    if (p != Parse::kOk) {
      respond(false, error_reply(p == Parse::kHeadTooLarge ? 431 : 400, scratch_), false);
      break;
    }
    bool keep_alive = req.keep_alive && ++served_ < kMaxRequestsPerConnection;
    respond(req.method == Method::kHead, handler(req, scratch_, context), keep_alive);
    skip_ = used + req.body_length;
  }
}

void Connection::respond(bool head_only, const Reply& reply, bool keep_alive) {
  head_length_ = format_head(head_, sizeof head_, reply.status, reply.content_type, reply.length, keep_alive);
  body_ = reply.body;
  body_length_ = head_only ? 0 : reply.length;
  sent_ = 0;
  ++requests_;
  if (!keep_alive) closing_ = true;
}

const char* Connection::out() const {
  return sent_ < head_length_ ? head_ + sent_ : body_ + (sent_ - head_length_);
}

size_t Connection::out_length() const {
  return sent_ < head_length_ ? head_length_ - sent_ : head_length_ + body_length_ - sent_;
}

void Connection::sent(size_t n, uint64_t now_ms) {
  sent_ += n;
  last_progress_ms_ = now_ms;
  if (out_length() == 0) head_length_ = body_length_ = sent_ = 0;
}

uint64_t Connection::ms_until_expiry(uint64_t now_ms) const {
  uint64_t idle = now_ms > last_progress_ms_ ? now_ms - last_progress_ms_ : 0;
  return idle >= kIdleTimeoutMs ? 0 : kIdleTimeoutMs - idle;
}

}  // namespace httpd
