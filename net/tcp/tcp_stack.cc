#include "net/tcp/tcp_stack.h"

#include "net/tcp/seq.h"
#include "net/wire/tcp.h"

namespace akuma::net::tcp {

TcpConfig tcp_config_for_memory(uint64_t ram_bytes) {
  TcpConfig c;
  c.buffer_budget = size_t(ram_bytes / 8);
  uint64_t entries = ram_bytes / (32 * 1024);
  c.max_connections = size_t(entries < 64 ? 64 : entries > 4096 ? 4096 : entries);
  return c;
}

namespace {

size_t round_up_pow2(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

TcpStack::TcpStack(TcpOutput* output, const TcpConfig& config)
    : output_(output), config_(config) {
  if (config_.max_connections == 0) config_.max_connections = 1;
  config_.receive_buffer = round_up_pow2(config_.receive_buffer);
  config_.send_buffer = round_up_pow2(config_.send_buffer);
  config_.max_send_buffer = round_up_pow2(config_.max_send_buffer);
  config_.max_receive_buffer = round_up_pow2(config_.max_receive_buffer);
  if (config_.max_send_buffer < config_.send_buffer) config_.max_send_buffer = config_.send_buffer;
  if (config_.max_receive_buffer < config_.receive_buffer) config_.max_receive_buffer = config_.receive_buffer;
  table_ = new TcpConnection*[config_.max_connections];
  size_t buckets = round_up_pow2(config_.max_connections);
  buckets_ = new TcpConnection*[buckets];
  for (size_t i = 0; i < buckets; ++i) buckets_[i] = nullptr;
  bucket_mask_ = buckets - 1;
}

TcpStack::~TcpStack() {
  for (size_t i = 0; i < active_count_; ++i) delete table_[i];
  while (TcpConnection* c = time_wait_head_) {
    time_wait_head_ = c->tw_next_;
    delete c;
  }
  delete[] table_;
  delete[] buckets_;
  for (int i = 0; i < spare_count_; ++i) delete[] spares_[i].storage;
}

// ---------------------------------------------------------------- table

TcpConnection* TcpStack::allocate(uint64_t now) {
  if (connection_count() >= config_.max_connections) {
    // Full: end the oldest TIME_WAIT that no socket holds rather than refuse
    // a new connection (Linux does the same past tcp_max_tw_buckets). A
    // server closing first leaves one TIME_WAIT per connection for 2*MSL.
    TcpConnection* victim = time_wait_head_;
    while (victim != nullptr && victim->user_owned_) victim = victim->tw_next_;
    if (victim == nullptr) return nullptr;
    free_connection(victim);
    ++stats_.time_wait_reused;
  }
  auto* c = new TcpConnection(this, now);
  if (c == nullptr) return nullptr;
  c->created_order_ = ++created_counter_;
  c->index_ = active_count_;
  table_[active_count_++] = c;
  return c;
}

void TcpStack::free_connection(TcpConnection* c) {
  if (c->parent_ != nullptr) remove_child(c);
  if (c->state_ == TcpState::kListen) {
    for (TcpConnection** p = &listeners_; *p != nullptr; p = &(*p)->next_listener_) {
      if (*p == c) {
        *p = c->next_listener_;
        break;
      }
    }
  }
  hash_remove(c);
  if (c->in_time_wait_queue_) {
    time_wait_remove(c);
  } else {
    TcpConnection* last = table_[--active_count_];
    table_[c->index_] = last;
    last->index_ = c->index_;
  }
  release_buffers(c, true, true);
  delete c;
}

void TcpStack::reap(TcpConnection* c) {
  if (c->state_ == TcpState::kClosed && !c->user_owned_) free_connection(c);
}

bool TcpStack::port_in_use(uint16_t port) const {
  for (size_t i = 0; i < active_count_; ++i) {
    if (table_[i]->local_.port == port) return true;
  }
  for (TcpConnection* c = time_wait_head_; c != nullptr; c = c->tw_next_) {
    if (c->local_.port == port) return true;
  }
  return false;
}

size_t TcpStack::bucket_of(Endpoint local, Endpoint remote) const {
  // Keyed (the ISN secret, varied): a peer cannot aim its four-tuples at one chain.
  uint8_t tuple[12];
  store_be32(tuple, local.addr.value);
  store_be16(tuple + 4, local.port);
  store_be32(tuple + 6, remote.addr.value);
  store_be16(tuple + 10, remote.port);
  IsnSecret key{config_.isn_secret.k0 ^ 0x68617368ull, config_.isn_secret.k1};
  return size_t(siphash24(key, tuple, sizeof tuple)) & bucket_mask_;
}

void TcpStack::hash_insert(TcpConnection* c) {
  size_t b = bucket_of(c->local_, c->remote_);
  c->hash_next_ = buckets_[b];
  buckets_[b] = c;
  c->hashed_ = true;
}

void TcpStack::hash_remove(TcpConnection* c) {
  if (!c->hashed_) return;
  for (TcpConnection** p = &buckets_[bucket_of(c->local_, c->remote_)]; *p != nullptr;
       p = &(*p)->hash_next_) {
    if (*p == c) {
      *p = c->hash_next_;
      break;
    }
  }
  c->hashed_ = false;
}

TcpConnection* TcpStack::find_connection(Ipv4Address src, Ipv4Address dst, uint16_t src_port,
                                         uint16_t dst_port) const {
  Endpoint local{dst, dst_port}, remote{src, src_port};
  for (TcpConnection* c = buckets_[bucket_of(local, remote)]; c != nullptr; c = c->hash_next_) {
    if (c->state_ == TcpState::kClosed) continue;
    if (c->local_ == local && c->remote_ == remote) return c;
  }
  return nullptr;
}

TcpConnection* TcpStack::find_listener(Ipv4Address dst, uint16_t dst_port) const {
  TcpConnection* any = nullptr;
  for (TcpConnection* c = listeners_; c != nullptr; c = c->next_listener_) {
    if (c->local_.port != dst_port) continue;
    if (c->local_.addr == dst) return c;
    if (c->local_.addr.is_any()) any = c;
  }
  return any;
}

// A listener's children, oldest first; half_open_ and ready_ count them.
void TcpStack::add_child(TcpConnection* listener, TcpConnection* child) {
  child->parent_ = listener;
  child->sibling_next_ = nullptr;
  child->sibling_prev_ = listener->children_tail_;
  if (listener->children_tail_ != nullptr) {
    listener->children_tail_->sibling_next_ = child;
  } else {
    listener->children_head_ = child;
  }
  listener->children_tail_ = child;
  ++listener->half_open_;
}

void TcpStack::remove_child(TcpConnection* child) {
  TcpConnection* listener = child->parent_;
  if (child->sibling_prev_ != nullptr) {
    child->sibling_prev_->sibling_next_ = child->sibling_next_;
  } else {
    listener->children_head_ = child->sibling_next_;
  }
  if (child->sibling_next_ != nullptr) {
    child->sibling_next_->sibling_prev_ = child->sibling_prev_;
  } else {
    listener->children_tail_ = child->sibling_prev_;
  }
  if (child->established_once_) {
    --listener->ready_;
  } else {
    --listener->half_open_;
  }
  child->parent_ = child->sibling_prev_ = child->sibling_next_ = nullptr;
}

void TcpStack::child_established(TcpConnection* child) {
  --child->parent_->half_open_;
  ++child->parent_->ready_;
}

void TcpStack::time_wait_enqueue(TcpConnection* c) {
  if (c->in_time_wait_queue_) {
    time_wait_remove(c);  // restarted: to the back
  } else {
    TcpConnection* last = table_[--active_count_];
    table_[c->index_] = last;
    last->index_ = c->index_;
  }
  c->in_time_wait_queue_ = true;
  c->tw_next_ = nullptr;
  c->tw_prev_ = time_wait_tail_;
  if (time_wait_tail_ != nullptr) {
    time_wait_tail_->tw_next_ = c;
  } else {
    time_wait_head_ = c;
  }
  time_wait_tail_ = c;
  ++time_wait_count_;
}

void TcpStack::leave_time_wait(TcpConnection* c) {
  time_wait_remove(c);
  c->index_ = active_count_;
  table_[active_count_++] = c;
}

void TcpStack::time_wait_remove(TcpConnection* c) {
  if (c->tw_prev_ != nullptr) {
    c->tw_prev_->tw_next_ = c->tw_next_;
  } else {
    time_wait_head_ = c->tw_next_;
  }
  if (c->tw_next_ != nullptr) {
    c->tw_next_->tw_prev_ = c->tw_prev_;
  } else {
    time_wait_tail_ = c->tw_prev_;
  }
  c->tw_prev_ = c->tw_next_ = nullptr;
  c->in_time_wait_queue_ = false;
  --time_wait_count_;
}

bool TcpStack::buffers_available() const {
  return buffer_bytes_ + config_.receive_buffer + config_.send_buffer <= config_.buffer_budget;
}

uint8_t* TcpStack::take_buffer(size_t size) {
  for (int i = spare_count_; i-- > 0;) {
    if (spares_[i].size != size) continue;
    uint8_t* storage = spares_[i].storage;
    spares_[i] = spares_[--spare_count_];
    return storage;
  }
  return new uint8_t[size];
}

void TcpStack::give_buffer(uint8_t* storage, size_t size) {
  if (storage == nullptr) return;
  // Only the sizes every connection starts with are worth keeping.
  bool base_size = size == config_.receive_buffer || size == config_.send_buffer;
  if (base_size && spare_count_ < kSpareBuffers) {
    spares_[spare_count_++] = Spare{storage, size};
  } else {
    delete[] storage;
  }
}

bool TcpStack::allocate_buffers(TcpConnection* c) {
  if (c->rx_.allocated()) return true;
  if (!buffers_available()) return false;
  if (!c->rx_.attach(take_buffer(config_.receive_buffer), config_.receive_buffer)) return false;
  if (!c->tx_.attach(take_buffer(config_.send_buffer), config_.send_buffer)) {
    give_buffer(c->rx_.detach(), config_.receive_buffer);
    return false;
  }
  buffer_bytes_ += config_.receive_buffer + config_.send_buffer;
  return true;
}

bool TcpStack::grow_send_buffer(TcpConnection* c) { return grow(c->tx_, config_.max_send_buffer); }

bool TcpStack::grow_receive_buffer(TcpConnection* c) {
  return c->ooo_count_ == 0 && grow(c->rx_, config_.max_receive_buffer);
}

bool TcpStack::grow(RingBuffer& ring, size_t max) {
  size_t capacity = ring.capacity();
  if (capacity == 0 || capacity >= max) return false;
  if (buffer_bytes_ + capacity > config_.buffer_budget) return false;
  uint8_t* storage = new uint8_t[2 * capacity];
  give_buffer(ring.move_to(storage, 2 * capacity), capacity);
  buffer_bytes_ += capacity;
  return true;
}

void TcpStack::release_buffers(TcpConnection* c, bool rx, bool tx) {
  if (rx && c->rx_.allocated()) {
    buffer_bytes_ -= c->rx_.capacity();
    size_t size = c->rx_.capacity();
    give_buffer(c->rx_.detach(), size);
  }
  if (tx && c->tx_.allocated()) {
    buffer_bytes_ -= c->tx_.capacity();
    size_t size = c->tx_.capacity();
    give_buffer(c->tx_.detach(), size);
  }
}

uint64_t TcpStack::next_deadline() const {
  // Only connections outside TIME_WAIT are scanned (few); TIME_WAIT ends in
  // queue order, so its head is the earliest of those.
  uint64_t earliest = time_wait_head_ != nullptr ? time_wait_head_->deadline() : 0;
  for (size_t i = 0; i < active_count_; ++i) {
    uint64_t d = table_[i]->deadline();
    if (d != 0 && (earliest == 0 || d < earliest)) earliest = d;
  }
  return earliest;
}

// ---------------------------------------------------------------- socket side

Result<TcpConnection*> TcpStack::listen(Endpoint local, uint32_t backlog, uint64_t now) {
  for (TcpConnection* c = listeners_; c != nullptr; c = c->next_listener_) {
    if (c->local_.port == local.port &&
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
  c->next_listener_ = listeners_;
  listeners_ = c;
  return c;
}

void TcpStack::set_backlog(TcpConnection* listener, uint32_t backlog) {
  listener->backlog_limit_ = backlog == 0 ? 1 : backlog;
}

Result<TcpConnection*> TcpStack::connect(Endpoint local, Endpoint remote, uint64_t now) {
  if (remote.port == 0 || remote.addr.is_any()) return Error::kInvalidArgument;
  if (local.port == 0) local.port = pick_ephemeral_port();
  if (local.port == 0) return Error::kBusy;
  if (TcpConnection* old = find_connection(remote.addr, local.addr, remote.port, local.port)) {
    if (old->state_ != TcpState::kTimeWait || old->user_owned_) return Error::kAddressNotAvailable;
    free_connection(old);  // our own TIME_WAIT: the new ISN is beyond it (RFC 6528)
  }
  if (!buffers_available()) return Error::kNoMemory;
  TcpConnection* c = allocate(now);
  if (c == nullptr) return Error::kNoMemory;
  c->user_owned_ = true;
  c->local_ = local;
  c->remote_ = remote;
  hash_insert(c);
  c->open_active(local, remote, next_iss(local, remote, now), now);
  return c;
}

Result<TcpConnection*> TcpStack::accept(TcpConnection* listener) {
  if (listener->state_ != TcpState::kListen) return Error::kInvalidArgument;
  for (TcpConnection* c = listener->children_head_; c != nullptr; c = c->sibling_next_) {
    if (!c->established_once_) continue;
    remove_child(c);
    c->user_owned_ = true;
    return c;
  }
  return Error::kWouldBlock;
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
    c->set_timer(&c->linger_deadline_, now + config_.fin_wait_2_timeout_ms);
  }
  // Nobody reads it again (new data is answered with a reset), and once our
  // FIN is acknowledged nothing is sent again: the buffers go back now, not
  // when the connection ends -- a peer that never closes keeps an orphan in
  // FIN_WAIT_2 for fin_wait_2_timeout_ms.
  release_buffers(c, true, c->fin_acked());
  reap(c);
}

void TcpStack::abort(TcpConnection* c) {
  if (c->state_ == TcpState::kListen) {
    while (TcpConnection* child = c->children_head_) {
      child->send_reset();
      free_connection(child);
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
      !seg.has(kTcpAck) && !seg.has(kTcpRst) && seq_gt(h.seq, c->rcv_nxt_) &&
      !c->user_owned_ && find_listener(dst, h.dst_port) != nullptr) {
    // A new incarnation (RFC 6191 without timestamps: its SYN lies beyond
    // everything the old one sent): TIME_WAIT yields to the listener. A SYN
    // at or below rcv_nxt is an old duplicate and gets TIME_WAIT's ACK.
    free_connection(c);
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
  return TcpRxResult::kNoListener;
}

void TcpStack::on_listen_segment(TcpConnection* listener, Ipv4Address src, Ipv4Address dst,
                                 const TcpView& seg, uint64_t now, TcpRxResult* result) {
  if (seg.has(kTcpRst)) return;
  if (seg.has(kTcpAck)) {
    // An ACK for a connection we do not have (RFC 9293 3.10.7.2).
    send_reset_for(src, dst, seg);
    *result = TcpRxResult::kNoListener;
    return;
  }
  if (!seg.has(kTcpSyn)) return;
  if (listener->ready_ >= listener->backlog_limit_) {
    *result = TcpRxResult::kBacklogFull;
    return;
  }
  if (!buffers_available()) {
    *result = TcpRxResult::kNoMemory;
    return;
  }
  if (listener->half_open_ >= config_.syn_queue) {
    // Early drop: the oldest half-open child makes room (see the header).
    for (TcpConnection* old = listener->children_head_; old != nullptr; old = old->sibling_next_) {
      if (old->established_once_) continue;
      free_connection(old);
      break;
    }
    *result = TcpRxResult::kSynQueueFull;
  }
  TcpConnection* child = allocate(now);
  if (child == nullptr) {
    *result = TcpRxResult::kTableFull;
    return;
  }
  Endpoint local{dst, seg.header.dst_port}, remote{src, seg.header.src_port};
  child->local_ = local;
  child->remote_ = remote;
  hash_insert(child);
  add_child(listener, child);
  child->open_passive_child(listener, local, remote, seg, next_iss(local, remote, now), now);
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
  transmit(dst, src, h);
}

void TcpStack::poll(uint64_t now) {
  if (tx_blocked_) {
    // Room again below? Everyone who held data back sends it now.
    tx_blocked_ = false;
    for (size_t i = 0; i < active_count_ && !tx_blocked_; ++i) {
      TcpConnection* c = table_[i];
      if (c->tx_.size() > 0) c->output(now);
    }
  }
  // TIME_WAIT ends in queue order (every one lasts time_wait_ms; a restart
  // moves it to the back).
  while (TcpConnection* c = time_wait_head_) {
    if (c->linger_deadline_ == 0 || c->linger_deadline_ > now) break;
    c->on_timer(now);  // closes it, which takes it off the queue
    if (c->in_time_wait_queue_) break;  // cannot happen; never spin on it
    reap(c);
  }
  // From the end, so that freeing (which moves the last entry into the
  // freed index) never skips one.
  for (size_t i = active_count_; i-- > 0;) {
    if (i >= active_count_) continue;
    TcpConnection* c = table_[i];
    uint64_t d = c->deadline();
    if (d != 0 && now >= d) {
      c->on_timer(now);
      reap(c);
    }
  }
}

// ---------------------------------------------------------------- helpers

uint32_t TcpStack::next_iss(Endpoint local, Endpoint remote, uint64_t now) {
  return initial_sequence_number(config_.isn_secret, local, remote, now * 1000);
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

void TcpStack::transmit(Ipv4Address src, Ipv4Address dst, const TcpHeader& h,
                        const RingBuffer* data, size_t offset, size_t length) {
  MutByteSpan out = output_->segment_buffer();
  if (out.size == 0) out = MutByteSpan{scratch_, sizeof scratch_};
  auto header = emit_tcp_header(h, data != nullptr ? length : 0, out);
  if (!header.ok()) return;
  size_t payload = data != nullptr ? data->peek(offset, out.data + header.value(), length) : 0;
  MutByteSpan segment{out.data, header.value() + payload};
  finish_tcp_checksum(segment, src, dst);
  output_->send_tcp_segment(src, dst, segment);
}

void TcpStack::wake(TcpConnection* c) {
  TcpConnection* target = c->parent_ != nullptr ? c->parent_ : c;
  if (target != c) ++target->wake_generation_;
  if (wake_hook_ != nullptr && target->user_tag != nullptr) {
    wake_hook_(wake_context_, target->user_tag);
  }
}

}  // namespace akuma::net::tcp
