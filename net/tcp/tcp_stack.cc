#include "net/tcp/tcp_stack.h"

#include "net/tcp/seq.h"
#include "net/wire/tcp.h"

namespace akuma::net::tcp {

TcpStack::TcpStack(TcpOutput* output, const TcpConfig& config)
    : output_(output), config_(config) {}

TcpStack::~TcpStack() {
  for (TcpConnection*& c : table_) {
    delete c;
    c = nullptr;
  }
}

// ---------------------------------------------------------------- table

TcpConnection* TcpStack::allocate(uint64_t now) {
  TcpConnection** free_slot = nullptr;
  TcpConnection** oldest_time_wait = nullptr;
  for (TcpConnection*& slot : table_) {
    if (slot == nullptr) {
      free_slot = &slot;
      break;
    }
    if (slot->state_ == TcpState::kTimeWait && !slot->user_owned_ &&
        (oldest_time_wait == nullptr ||
         slot->linger_deadline_ < (*oldest_time_wait)->linger_deadline_)) {
      oldest_time_wait = &slot;
    }
  }
  if (free_slot == nullptr && oldest_time_wait != nullptr) {
    // Table full: end the oldest TIME_WAIT early rather than refuse a new
    // connection (Linux does the same past tcp_max_tw_buckets). A server
    // closing first leaves one TIME_WAIT per connection for 2*MSL.
    delete *oldest_time_wait;
    *oldest_time_wait = nullptr;
    free_slot = oldest_time_wait;
  }
  if (free_slot == nullptr) return nullptr;
  *free_slot = new TcpConnection(this, now);
  if (*free_slot != nullptr) (*free_slot)->created_order_ = ++created_counter_;
  return *free_slot;
}

void TcpStack::free_connection(TcpConnection* c) {
  for (TcpConnection*& slot : table_) {
    if (slot == c) {
      slot = nullptr;
      delete c;
      return;
    }
  }
}

void TcpStack::reap(TcpConnection* c) {
  if (c->state_ == TcpState::kClosed && !c->user_owned_) free_connection(c);
}

size_t TcpStack::connection_count() const {
  size_t n = 0;
  for (TcpConnection* c : table_) n += c != nullptr;
  return n;
}

bool TcpStack::port_in_use(uint16_t port) const {
  for (TcpConnection* c : table_) {
    if (c != nullptr && c->local_.port == port) return true;
  }
  return false;
}

TcpConnection* TcpStack::find_connection(Ipv4Address src, Ipv4Address dst, uint16_t src_port,
                                         uint16_t dst_port) const {
  for (TcpConnection* c : table_) {
    if (c == nullptr || c->state_ == TcpState::kClosed || c->state_ == TcpState::kListen) continue;
    if (c->local_.port == dst_port && c->remote_.port == src_port && c->local_.addr == dst &&
        c->remote_.addr == src) {
      return c;
    }
  }
  return nullptr;
}

TcpConnection* TcpStack::find_listener(Ipv4Address dst, uint16_t dst_port) const {
  TcpConnection* any = nullptr;
  for (TcpConnection* c : table_) {
    if (c == nullptr || c->state_ != TcpState::kListen || c->local_.port != dst_port) continue;
    if (c->local_.addr == dst) return c;
    if (c->local_.addr.is_any()) any = c;
  }
  return any;
}

uint32_t TcpStack::backlog_used(const TcpConnection* listener) const {
  uint32_t n = 0;
  for (TcpConnection* c : table_) n += c != nullptr && c->parent_ == listener;
  return n;
}

// ---------------------------------------------------------------- socket side

Result<TcpConnection*> TcpStack::listen(Endpoint local, uint32_t backlog, uint64_t now) {
  for (TcpConnection* c : table_) {
    if (c != nullptr && c->state_ == TcpState::kListen && c->local_.port == local.port &&
        (c->local_.addr.is_any() || local.addr.is_any() || c->local_.addr == local.addr)) {
      return Error::kExists;
    }
  }
  TcpConnection* c = allocate(now);
  if (c == nullptr) return Error::kNoMemory;
  c->state_ = TcpState::kListen;
  c->local_ = local;
  set_backlog(c, backlog);
  c->user_owned_ = true;
  return c;
}

void TcpStack::set_backlog(TcpConnection* listener, uint32_t backlog) {
  listener->backlog_limit_ = backlog == 0 ? 1 : backlog;
}

Result<TcpConnection*> TcpStack::connect(Endpoint local, Endpoint remote, uint64_t now) {
  if (remote.port == 0 || remote.addr.is_any()) return Error::kInvalidArgument;
  if (local.port == 0) local.port = pick_ephemeral_port();
  if (local.port == 0) return Error::kBusy;
  if (find_connection(remote.addr, local.addr, remote.port, local.port) != nullptr) {
    return Error::kAddressNotAvailable;
  }
  TcpConnection* c = allocate(now);
  if (c == nullptr) return Error::kNoMemory;
  c->user_owned_ = true;
  c->open_active(local, remote, next_iss(now), now);
  return c;
}

Result<TcpConnection*> TcpStack::accept(TcpConnection* listener) {
  if (listener->state_ != TcpState::kListen) return Error::kInvalidArgument;
  TcpConnection* oldest = nullptr;
  for (TcpConnection* c : table_) {
    if (c == nullptr || c->parent_ != listener || !c->established_once_) continue;
    if (oldest == nullptr || c->created_order_ < oldest->created_order_) oldest = c;
  }
  if (oldest == nullptr) return Error::kWouldBlock;
  oldest->parent_ = nullptr;
  oldest->user_owned_ = true;
  return oldest;
}

bool TcpStack::acceptable(const TcpConnection* listener) const {
  for (TcpConnection* c : table_) {
    if (c != nullptr && c->parent_ == listener && c->established_once_) return true;
  }
  return false;
}

void TcpStack::close(TcpConnection* c, uint64_t now) {
  if (c->state_ == TcpState::kListen || !c->rx_.empty()) {
    abort(c);
    return;
  }
  c->user_owned_ = false;
  c->orphaned_ = true;
  c->user_tag = nullptr;
  c->begin_close(now);
  if (c->state_ == TcpState::kFinWait2 && c->linger_deadline_ == 0) {
    c->linger_deadline_ = now + config_.fin_wait_2_timeout_ms;
  }
  reap(c);
}

void TcpStack::abort(TcpConnection* c) {
  if (c->state_ == TcpState::kListen) {
    for (TcpConnection* child : table_) {
      if (child != nullptr && child->parent_ == c) {
        child->send_reset();
        free_connection(child);
      }
    }
  } else {
    c->send_reset();
  }
  free_connection(c);
}

// ---------------------------------------------------------------- interface side

TcpRxResult TcpStack::receive(Ipv4Address src, Ipv4Address dst, ByteSpan bytes, uint64_t now) {
  auto parsed = parse_tcp(bytes, src, dst);
  if (!parsed.ok()) {
    return parsed.error() == Error::kInvalidArgument ? TcpRxResult::kBadChecksum
                                                     : TcpRxResult::kMalformed;
  }
  const TcpView& seg = parsed.value();
  const TcpHeader& h = seg.header;
  if (h.src_port == 0 || h.dst_port == 0) return TcpRxResult::kMalformed;

  TcpConnection* c = find_connection(src, dst, h.src_port, h.dst_port);
  if (c != nullptr && c->state_ == TcpState::kTimeWait && seg.has(kTcpSyn) &&
      !seg.has(kTcpAck) && find_listener(dst, h.dst_port) != nullptr) {
    // A new incarnation of the connection: TIME_WAIT yields to the listener.
    c->enter_closed();
    reap(c);
    c = nullptr;
  }
  if (c != nullptr) {
    c->on_segment(seg, now);
    reap(c);
    return TcpRxResult::kDelivered;
  }
  if (TcpConnection* listener = find_listener(dst, h.dst_port)) {
    TcpRxResult result = TcpRxResult::kDelivered;
    on_listen_segment(listener, src, dst, seg, now, &result);
    return result;
  }
  if (!seg.has(kTcpRst)) send_reset_for(src, dst, seg);
  return TcpRxResult::kNoSocket;
}

void TcpStack::on_listen_segment(TcpConnection* listener, Ipv4Address src, Ipv4Address dst,
                                 const TcpView& seg, uint64_t now, TcpRxResult* result) {
  if (seg.has(kTcpRst)) return;
  if (seg.has(kTcpAck)) {
    // An ACK for a connection we do not have (RFC 9293 3.10.7.2).
    send_reset_for(src, dst, seg);
    *result = TcpRxResult::kNoSocket;
    return;
  }
  if (!seg.has(kTcpSyn)) return;
  if (backlog_used(listener) >= listener->backlog_limit_) {
    *result = TcpRxResult::kBacklogFull;
    return;
  }
  TcpConnection* child = allocate(now);
  if (child == nullptr) {
    *result = TcpRxResult::kBacklogFull;
    return;
  }
  child->open_passive_child(listener, Endpoint{dst, seg.header.dst_port},
                            Endpoint{src, seg.header.src_port}, seg, next_iss(now), now);
}

void TcpStack::send_reset_for(Ipv4Address src, Ipv4Address dst, const TcpView& seg) {
  TcpHeader h;
  h.src_port = seg.header.dst_port;
  h.dst_port = seg.header.src_port;
  if (seg.has(kTcpAck)) {
    h.seq = seg.header.ack;
    h.flags = kTcpRst;
  } else {
    h.seq = 0;
    h.ack = seg.header.seq + seg.seq_length();
    h.flags = kTcpRst | kTcpAck;
  }
  transmit(dst, src, h, ByteSpan{});
}

void TcpStack::poll(uint64_t now) {
  for (TcpConnection* c : table_) {
    if (c == nullptr) continue;
    uint64_t d = c->deadline();
    if (d != 0 && now >= d) {
      c->on_timer(now);
      reap(c);
    }
  }
}

uint64_t TcpStack::next_deadline() const {
  uint64_t earliest = 0;
  for (TcpConnection* c : table_) {
    if (c == nullptr) continue;
    uint64_t d = c->deadline();
    if (d != 0 && (earliest == 0 || d < earliest)) earliest = d;
  }
  return earliest;
}

// ---------------------------------------------------------------- helpers

uint32_t TcpStack::next_iss(uint64_t now) {
  // RFC 793's clock-driven ISN (one tick per 4 us) plus a per-connection
  // step. Deterministic for tests; not the RFC 6528 hash (no secret here).
  iss_counter_ += 64000;
  return config_.initial_sequence_seed + iss_counter_ + uint32_t(now * 250);
}

uint16_t TcpStack::pick_ephemeral_port() {
  constexpr uint32_t kCount = kEphemeralLast - kEphemeralFirst + 1;
  for (uint32_t i = 0; i < kCount; ++i) {
    uint16_t port = next_ephemeral_;
    next_ephemeral_ = port == kEphemeralLast ? kEphemeralFirst : uint16_t(port + 1);
    if (!port_in_use(port)) return port;
  }
  return 0;
}

void TcpStack::transmit(Ipv4Address src, Ipv4Address dst, const TcpHeader& h, ByteSpan payload) {
  auto n = emit_tcp(h, payload, src, dst, MutByteSpan{scratch_, sizeof scratch_});
  if (n.ok()) output_->send_tcp_segment(src, dst, ByteSpan{scratch_, n.value()});
}

void TcpStack::wake(TcpConnection* c) {
  TcpConnection* target = c->parent_ != nullptr ? c->parent_ : c;
  if (target != c) ++target->wake_generation_;
  if (wake_hook_ != nullptr && target->user_tag != nullptr) {
    wake_hook_(wake_context_, target->user_tag);
  }
}

}  // namespace akuma::net::tcp
