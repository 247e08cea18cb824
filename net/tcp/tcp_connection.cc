#include "net/tcp/tcp_connection.h"

#include "net/tcp/seq.h"
#include "net/tcp/tcp_stack.h"

namespace akuma::net::tcp {

const char* tcp_state_name(TcpState s) {
  switch (s) {
    case TcpState::kClosed: return "CLOSED";
    case TcpState::kListen: return "LISTEN";
    case TcpState::kSynSent: return "SYN_SENT";
    case TcpState::kSynReceived: return "SYN_RECEIVED";
    case TcpState::kEstablished: return "ESTABLISHED";
    case TcpState::kFinWait1: return "FIN_WAIT_1";
    case TcpState::kFinWait2: return "FIN_WAIT_2";
    case TcpState::kCloseWait: return "CLOSE_WAIT";
    case TcpState::kClosing: return "CLOSING";
    case TcpState::kLastAck: return "LAST_ACK";
    case TcpState::kTimeWait: return "TIME_WAIT";
  }
  return "?";
}

namespace {

// States in which our SYN has been acknowledged and data/FIN may be sent.
bool can_send_state(TcpState s) {
  return s == TcpState::kEstablished || s == TcpState::kCloseWait || s == TcpState::kFinWait1 ||
         s == TcpState::kClosing || s == TcpState::kLastAck;
}

bool synchronized(TcpState s) {
  return s != TcpState::kClosed && s != TcpState::kListen && s != TcpState::kSynSent;
}

uint16_t effective_mss(uint16_t peer_mss, uint16_t ours) {
  uint16_t peer = peer_mss != 0 ? peer_mss : 536;  // RFC 9293 3.7.1 default
  return peer < ours ? peer : ours;
}

constexpr uint8_t kMaxWindowShift = 14;  // RFC 7323 2.3

// The shift that makes a window of `bytes` fit the 16-bit field.
uint8_t shift_for(size_t bytes) {
  uint8_t shift = 0;
  while (shift < kMaxWindowShift && (bytes >> shift) > 0xffff) ++shift;
  return shift;
}

}  // namespace

TcpConnection::TcpConnection(TcpStack* stack, uint64_t)
    : stack_(stack),
      rto_(stack->config().initial_rto_ms, stack->config().min_rto_ms,
           stack->config().max_rto_ms) {}

// ---------------------------------------------------------------- opening

void TcpConnection::emit_syn(uint8_t flags) {
  TcpHeader h;
  h.src_port = local_.port;
  h.dst_port = remote_.port;
  h.seq = iss_;
  h.flags = flags;
  if (flags & kTcpAck) h.ack = rcv_nxt_;
  // A SYN's window is never scaled (RFC 7323 2.2).
  size_t space = stack_->config().receive_buffer;
  h.window = uint16_t(space > 0xffff ? 0xffff : space);
  advertised_ = h.window;  // what recv() measures a reopened window against
  h.mss = stack_->config().mss;
  // Offered on our SYN; on a SYN-ACK only if the peer offered it.
  if (state_ == TcpState::kSynSent || wscale_offered_) h.window_scale = int8_t(rcv_wscale_);
  ack_pending_ = false;
  unacked_segments_ = 0;
  ack_deadline_ = 0;
  stack_->transmit(local_.addr, remote_.addr, h);
}

void TcpConnection::open_active(Endpoint local, Endpoint remote, uint32_t iss, uint64_t now) {
  local_ = local;
  remote_ = remote;
  iss_ = snd_una_ = recover_ = iss;
  snd_nxt_ = snd_max_ = tx_seq_base_ = iss + 1;
  state_ = TcpState::kSynSent;
  rcv_wscale_ = shift_for(stack_->config().max_receive_buffer);  // the window can grow to it
  emit_syn(kTcpSyn);
  timing_rtt_ = true;
  rtt_seq_ = snd_nxt_;
  rtt_start_ms_ = now;
  arm_retransmit(now);
}

// The peer's SYN options: MSS and window scale (both SYNs must carry the
// scale option for either side to use it).
void TcpConnection::take_peer_options(const TcpHeader& syn) {
  send_mss_ = effective_mss(syn.mss, stack_->config().mss);
  if (syn.window_scale >= 0) {
    snd_wscale_ = uint8_t(syn.window_scale > kMaxWindowShift ? kMaxWindowShift : syn.window_scale);
    rcv_wscale_ = shift_for(stack_->config().max_receive_buffer);
    wscale_offered_ = true;
  } else {
    snd_wscale_ = rcv_wscale_ = 0;
    wscale_offered_ = false;
  }
}

void TcpConnection::open_passive_child(TcpConnection*, Endpoint local, Endpoint remote,
                                       const TcpView& syn, uint32_t iss, uint64_t now) {
  local_ = local;
  remote_ = remote;
  irs_ = syn.header.seq;
  rcv_nxt_ = irs_ + 1;  // data on the SYN is not accepted; the peer resends it
  take_peer_options(syn.header);
  snd_wnd_ = syn.header.window;  // unscaled in a SYN
  snd_wl1_ = syn.header.seq;
  iss_ = snd_una_ = recover_ = iss;
  snd_nxt_ = snd_max_ = tx_seq_base_ = iss + 1;
  state_ = TcpState::kSynReceived;
  emit_syn(kTcpSyn | kTcpAck);
  timing_rtt_ = true;
  rtt_seq_ = snd_nxt_;
  rtt_start_ms_ = now;
  arm_retransmit(now);
}

// Established: the buffers come now. Without memory for them the
// connection is reset (counted) and false returned.
bool TcpConnection::enter_established(const TcpView& seg, uint64_t) {
  if (!stack_->allocate_buffers(this)) {
    ++stack_->stats_.resets_no_memory;
    send_reset();
    return false;
  }
  state_ = TcpState::kEstablished;
  established_once_ = true;
  if (parent_ != nullptr) stack_->child_established(this);
  // RFC 5681 (3.1) initial window.
  cwnd_ = send_mss_ > 2190 ? 2u * send_mss_ : send_mss_ > 1095 ? 3u * send_mss_ : 4u * send_mss_;
  snd_wnd_ = seg.has(kTcpSyn) ? seg.header.window : uint32_t(seg.header.window) << snd_wscale_;
  if (snd_wnd_ > max_snd_wnd_) max_snd_wnd_ = snd_wnd_;
  snd_wl1_ = seg.header.seq;
  snd_wl2_ = seg.header.ack;
  notify();
  return true;
}

// ---------------------------------------------------------------- user side

Result<size_t> TcpConnection::send(const uint8_t* data, size_t n, uint64_t now) {
  if (has_error_) return error_;
  if (state_ == TcpState::kSynSent || state_ == TcpState::kSynReceived) return Error::kWouldBlock;
  if (state_ != TcpState::kEstablished && state_ != TcpState::kCloseWait) {
    return Error::kNotConnected;
  }
  size_t taken = tx_.push(data, n);
  if (taken < n && stack_->grow_send_buffer(this)) taken += tx_.push(data + taken, n - taken);
  if (taken == 0 && n != 0) return Error::kWouldBlock;
  output(now);
  return taken;
}

Result<size_t> TcpConnection::recv(uint8_t* out, size_t n, uint64_t now) {
  if (!rx_.empty()) {
    size_t taken = rx_.pop(out, n);
    // Announce the reopened window once it grew enough to matter, not byte
    // by byte (receiver-side silly window avoidance, RFC 9293 3.8.6.2.2):
    // by a quarter of the largest window we can offer, or from below one
    // segment to at least one. Measured as the header would say it (scaled,
    // capped): a buffer larger than an unscaled window otherwise "grew" at
    // every read, and each such update looked to the peer like a duplicate
    // ACK (same ACK, same window), three of which make it retransmit.
    uint32_t now_window = uint32_t(window_field()) << rcv_wscale_;
    uint32_t largest = uint32_t(0xffff) << rcv_wscale_;
    uint32_t quarter = uint32_t(rx_.capacity() < largest ? rx_.capacity() : largest) / 4;
    bool grew = now_window >= advertised_ + quarter ||
                (advertised_ < send_mss_ && now_window >= send_mss_);
    if (grew && synchronized(state_) && state_ != TcpState::kTimeWait) {
      ack_pending_ = true;
      output(now);
    }
    return taken;
  }
  if (fin_received_) return size_t{0};
  if (has_error_) return error_;
  switch (state_) {
    case TcpState::kSynSent:
    case TcpState::kSynReceived:
    case TcpState::kEstablished:
    case TcpState::kFinWait1:
    case TcpState::kFinWait2:
      return Error::kWouldBlock;
    default:
      return Error::kNotConnected;
  }
}

void TcpConnection::shutdown_send(uint64_t now) {
  if (state_ == TcpState::kEstablished || state_ == TcpState::kCloseWait) begin_close(now);
}

bool TcpConnection::readable() const {
  return !rx_.empty() || fin_received_ || has_error_ || state_ == TcpState::kClosed;
}

bool TcpConnection::writable() const {
  if (has_error_) return true;
  return (state_ == TcpState::kEstablished || state_ == TcpState::kCloseWait) &&
         tx_.free() > 0;
}

void TcpConnection::begin_close(uint64_t now) {
  switch (state_) {
    case TcpState::kClosed:
    case TcpState::kListen:
    case TcpState::kSynSent:
      enter_closed();
      return;
    case TcpState::kSynReceived:
      send_reset();
      return;
    case TcpState::kEstablished:
    case TcpState::kCloseWait:
      state_ = state_ == TcpState::kEstablished ? TcpState::kFinWait1 : TcpState::kLastAck;
      fin_queued_ = true;
      fin_seq_ = tx_seq_base_ + uint32_t(tx_.size());
      output(now);
      notify();
      return;
    default:
      return;  // already closing
  }
}

void TcpConnection::send_reset() {
  if (synchronized(state_)) emit(snd_max_, kTcpRst | kTcpAck, 0, 0);
  enter_closed();  // we reset it ourselves: no error to report
}

void TcpConnection::fail(Error error) {
  has_error_ = true;
  error_ = error;
  enter_closed();
}

void TcpConnection::enter_closed() {
  if (in_time_wait_queue_) stack_->leave_time_wait(this);
  state_ = TcpState::kClosed;
  retransmit_deadline_ = linger_deadline_ = ack_deadline_ = 0;
  stack_->release_buffers(this, orphaned_ || !user_owned_, true);
  notify();
}

void TcpConnection::enter_time_wait(uint64_t now) {
  state_ = TcpState::kTimeWait;
  retransmit_deadline_ = ack_deadline_ = 0;
  set_timer(&linger_deadline_, now + stack_->config().time_wait_ms);
  stack_->time_wait_enqueue(this);
  // Everything we sent is acknowledged; what was received stays only while
  // a socket may still read it.
  stack_->release_buffers(this, orphaned_, true);
  notify();
}

// ---------------------------------------------------------------- segments

void TcpConnection::on_segment(const TcpView& seg, uint64_t now) {
  if (state_ == TcpState::kClosed || state_ == TcpState::kListen) return;
  if (state_ == TcpState::kSynSent) {
    on_syn_sent(seg, now);
    return;
  }

  // 1. Sequence check.
  if (!acceptable(seg)) {
    if (seg.has(kTcpRst)) return;
    if (state_ == TcpState::kSynReceived && seg.has(kTcpSyn) && !seg.has(kTcpAck)) {
      emit_syn(kTcpSyn | kTcpAck);  // our SYN-ACK was lost: resend it
      return;
    }
    if (state_ == TcpState::kTimeWait && seg.has(kTcpFin)) {
      // FIN resent: restart 2MSL (to the back of the TIME_WAIT queue).
      set_timer(&linger_deadline_, now + stack_->config().time_wait_ms);
      stack_->time_wait_enqueue(this);
    }
    ack_now();
    return;
  }

  // 2. RST. Only an exact match resets; any other in-window RST gets a
  // challenge ACK (RFC 5961 3.2), so blind resets need the exact sequence.
  if (seg.has(kTcpRst)) {
    if (seg.header.seq != rcv_nxt_) {
      ++stack_->stats_.challenge_acks;
      ack_now();
      return;
    }
    switch (state_) {
      case TcpState::kSynReceived:
        // Passive: back to LISTEN, i.e. the child goes away. Active
        // (simultaneous open): the connection was refused.
        fail(Error::kConnectionRefused);
        break;
      case TcpState::kEstablished:
      case TcpState::kFinWait1:
      case TcpState::kFinWait2:
        fail(Error::kConnectionReset);
        break;
      case TcpState::kCloseWait:
        // The peer had finished sending: what fails now is our sending
        // (Linux reports EPIPE here, not ECONNRESET).
        fail(Error::kBrokenPipe);
        break;
      default:
        enter_closed();  // we had closed already: nothing to report
        break;
    }
    return;
  }

  // 3. SYN in a synchronized state: challenge ACK (RFC 5961 4.2).
  if (seg.has(kTcpSyn)) {
    ++stack_->stats_.challenge_acks;
    ack_now();
    return;
  }

  // 4. ACK.
  if (!seg.has(kTcpAck)) return;
  if (state_ == TcpState::kSynReceived) {
    if (seq_le(seg.header.ack, snd_una_) || seq_gt(seg.header.ack, snd_max_)) {
      TcpHeader rst;
      rst.src_port = local_.port;
      rst.dst_port = remote_.port;
      rst.seq = seg.header.ack;
      rst.flags = kTcpRst;
      stack_->transmit(local_.addr, remote_.addr, rst);
      return;
    }
    if (!enter_established(seg, now)) return;
  }
  if (!process_ack(seg, now)) return;

  switch (state_) {
    case TcpState::kFinWait1:
      if (fin_acked()) {
        state_ = TcpState::kFinWait2;
        // Everything we will ever send is acknowledged.
        stack_->release_buffers(this, orphaned_, true);
        if (orphaned_) {
          set_timer(&linger_deadline_, now + stack_->config().fin_wait_2_timeout_ms);
        }
      }
      break;
    case TcpState::kClosing:
      if (fin_acked()) {
        enter_time_wait(now);
        return;
      }
      break;
    case TcpState::kLastAck:
      if (fin_acked()) {
        enter_closed();
        return;
      }
      break;
    default:
      break;
  }

  // 5-7. Data and FIN.
  if (can_receive_data()) process_data(seg, now);
  if (state_ != TcpState::kClosed) output(now);
}

void TcpConnection::on_syn_sent(const TcpView& seg, uint64_t now) {
  const TcpHeader& h = seg.header;
  bool ack_ok = false;
  if (seg.has(kTcpAck)) {
    if (seq_le(h.ack, iss_) || seq_gt(h.ack, snd_max_)) {
      if (!seg.has(kTcpRst)) {
        TcpHeader rst;
        rst.src_port = local_.port;
        rst.dst_port = remote_.port;
        rst.seq = h.ack;
        rst.flags = kTcpRst;
        stack_->transmit(local_.addr, remote_.addr, rst);
      }
      return;
    }
    ack_ok = true;
  }
  if (seg.has(kTcpRst)) {
    if (ack_ok) fail(Error::kConnectionRefused);
    return;
  }
  if (!seg.has(kTcpSyn)) return;

  irs_ = h.seq;
  rcv_nxt_ = h.seq + 1;
  take_peer_options(h);  // our SYN offered window scaling: the SYN-ACK decides
  if (ack_ok) {
    if (!enter_established(seg, now)) return;
    process_ack(seg, now);
    ack_pending_ = true;
    output(now);
  } else {
    // Simultaneous open: both sides sent SYN (RFC 9293 figure 7).
    state_ = TcpState::kSynReceived;
    snd_wnd_ = h.window;
    snd_wl1_ = h.seq;
    emit_syn(kTcpSyn | kTcpAck);
    arm_retransmit(now);
  }
}

uint32_t TcpConnection::receive_space() const {
  if (!rx_.allocated()) return uint32_t(stack_->config().receive_buffer);
  return uint32_t(rx_.free());
}

bool TcpConnection::acceptable(const TcpView& seg) const {
  uint32_t len = seg.seq_length();
  uint32_t wnd = receive_space();
  uint32_t seq = seg.header.seq;
  // A zero window still accepts a segment exactly at rcv_nxt so its ACK and
  // RST are processed; its data is trimmed away later.
  if (wnd == 0) return seq == rcv_nxt_;
  auto in_window = [&](uint32_t s) { return seq_le(rcv_nxt_, s) && seq_lt(s, rcv_nxt_ + wnd); };
  if (len == 0) return in_window(seq);
  return in_window(seq) || in_window(seq + len - 1);
}

bool TcpConnection::process_ack(const TcpView& seg, uint64_t now) {
  uint32_t ack = seg.header.ack;
  if (seq_gt(ack, snd_max_)) {
    ack_now();  // acks something never sent
    return false;
  }
  // RFC 5961 5.2: an ACK older than the largest window the peer has seen
  // is not believable; answer it and ignore it.
  uint32_t max_window = max_snd_wnd_ > send_mss_ ? max_snd_wnd_ : send_mss_;
  if (seq_lt(ack, snd_una_ - max_window)) {
    ++stack_->stats_.challenge_acks;
    ack_now();
    return false;
  }
  // A SYN's window is never scaled (RFC 7323 2.2).
  uint32_t window = seg.has(kTcpSyn) ? uint32_t(seg.header.window)
                                     : uint32_t(seg.header.window) << snd_wscale_;
  if (seq_gt(ack, snd_una_)) {
    uint32_t newly = ack - snd_una_;
    uint32_t acked = 0;  // data bytes, not SYN or FIN
    if (seq_gt(ack, tx_seq_base_)) {
      acked = uint32_t(tx_.pop(nullptr, ack - tx_seq_base_));
      tx_seq_base_ += acked;
    }
    snd_una_ = ack;
    if (seq_lt(snd_nxt_, snd_una_)) snd_nxt_ = snd_una_;
    if (timing_rtt_ && seq_ge(ack, rtt_seq_)) {
      rto_.sample(now - rtt_start_ms_);
      timing_rtt_ = false;
    }
    retries_ = 0;
    if (in_recovery_) {
      if (seq_ge(ack, recover_)) {
        // Full acknowledgment: leave recovery with the halved window
        // (RFC 6582 3.2 step 3, "option 1" bounded by what is in flight).
        uint32_t flight = snd_max_ - snd_una_;
        uint32_t bound = flight + send_mss_;
        cwnd_ = ssthresh_ < bound ? ssthresh_ : bound;
        in_recovery_ = false;
        dup_acks_ = 0;
      } else {
        // Partial acknowledgment: the next hole, at once (step 4).
        cwnd_ = cwnd_ > newly ? cwnd_ - newly : 0;
        if (newly >= send_mss_) cwnd_ += send_mss_;
        if (cwnd_ < send_mss_) cwnd_ = send_mss_;
        retransmit_first(now);
      }
    } else {
      dup_acks_ = 0;
      if (cwnd_ < ssthresh_) {
        cwnd_ += acked < send_mss_ ? acked : send_mss_;  // slow start
      } else {
        cwnd_ += uint32_t(send_mss_) * send_mss_ / (cwnd_ ? cwnd_ : 1);  // avoidance
      }
    }
    if (snd_una_ == snd_max_) {
      retransmit_deadline_ = 0;
    } else {
      set_timer(&retransmit_deadline_, now + rto_.rto_ms());
    }
    notify();
  } else if (ack == snd_una_ && snd_una_ != snd_max_ && seg.payload.size == 0 &&
             !seg.has(kTcpFin) && window == snd_wnd_) {
    on_duplicate_ack(now);  // RFC 5681 2: same ACK, no data, same window, data outstanding
  }
  // Window update, guarded against old segments (RFC 9293 3.10.7.4).
  if (seq_lt(snd_wl1_, seg.header.seq) ||
      (snd_wl1_ == seg.header.seq && seq_le(snd_wl2_, ack))) {
    if (snd_wnd_ == 0 && window != 0) notify();
    snd_wnd_ = window;
    if (snd_wnd_ > max_snd_wnd_) max_snd_wnd_ = snd_wnd_;
    snd_wl1_ = seg.header.seq;
    snd_wl2_ = ack;
  }
  return true;
}

void TcpConnection::on_duplicate_ack(uint64_t now) {
  ++dup_acks_;
  if (in_recovery_) {
    cwnd_ += send_mss_;  // each duplicate means a segment left the network
    return;              // output() sends what the inflated window allows
  }
  if (dup_acks_ != 3) return;
  // RFC 6582 3.2 step 2: not again for losses of the window that the last
  // recovery already halved for (recover_ starts at the ISS).
  if (seq_lt(snd_una_, recover_)) return;
  uint32_t flight = snd_max_ - snd_una_;
  ssthresh_ = flight / 2 > 2u * send_mss_ ? flight / 2 : 2u * send_mss_;
  recover_ = snd_max_;
  in_recovery_ = true;
  ++stack_->stats_.fast_retransmits;
  retransmit_first(now);
  cwnd_ = ssthresh_ + 3u * send_mss_;
}

void TcpConnection::retransmit_first(uint64_t now) {
  uint32_t offset = snd_una_ - tx_seq_base_;
  uint32_t outstanding = snd_max_ - snd_una_;
  size_t data = tx_.size() > offset ? tx_.size() - offset : 0;
  size_t len = data < send_mss_ ? data : send_mss_;
  if (len > outstanding) len = outstanding;
  bool fin = fin_queued_ && snd_una_ + uint32_t(len) == fin_seq_ && seq_lt(fin_seq_, snd_max_);
  if (len == 0 && !fin) return;
  emit(snd_una_, kTcpAck | (len > 0 ? kTcpPsh : 0) | (fin ? kTcpFin : 0), offset, len);
  timing_rtt_ = false;  // Karn
  set_timer(&retransmit_deadline_, now + rto_.rto_ms());
}

bool TcpConnection::can_receive_data() const {
  return state_ == TcpState::kEstablished || state_ == TcpState::kFinWait1 ||
         state_ == TcpState::kFinWait2;
}

void TcpConnection::process_data(const TcpView& seg, uint64_t now) {
  ByteSpan data = seg.payload;
  uint32_t seq = seg.header.seq + (seg.has(kTcpSyn) ? 1 : 0);
  bool fin = seg.has(kTcpFin);

  // Trim what we already have...
  if (seq_lt(seq, rcv_nxt_)) {
    uint32_t cut = rcv_nxt_ - seq;
    if (cut > data.size) {
      data = ByteSpan{};
      fin = false;  // an old FIN
    } else {
      data = data.sub(cut);
    }
    seq = rcv_nxt_;
  }
  // New data for a socket its user has closed: nobody can ever read it, so
  // the peer is told with a reset (what Linux does, RFC 2525 2.17), and its
  // next send fails with EPIPE.
  if (orphaned_ && data.size > 0) {
    send_reset();
    return;
  }
  // ...and what does not fit the window.
  uint32_t offset = seq - rcv_nxt_;
  size_t room = rx_.free() > offset ? rx_.free() - offset : 0;
  if (data.size > room) {
    data = data.sub(0, room);
    fin = false;
  }

  // Every segment carrying data or FIN is acknowledged, even when nothing
  // new was in it: the peer may have lost our previous ACK, and with a
  // closed window it needs to hear that the window is still closed. In-order
  // data may wait for a second segment or the delayed-ACK timer; anything
  // else is acknowledged at once (RFC 5681 4.2).
  // The FIN that ends an established connection is the exception: its ACK
  // waits like a data segment's (process_fin), so the application's answer
  // or close carries it.
  bool immediate = (seg.has(kTcpFin) && !(fin && state_ == TcpState::kEstablished)) ||
                   (seg.payload.size > 0 && data.size == 0);
  if (data.size > 0) {
    if (offset == 0) {
      rx_.push(data.data, data.size);
      rcv_nxt_ += uint32_t(data.size);
      // Out-of-order ranges now reachable become readable in place.
      bool filled = false;
      for (int i = 0; i < ooo_count_;) {
        if (seq_le(ooo_[i].begin, rcv_nxt_)) {
          if (seq_gt(ooo_[i].end, rcv_nxt_)) {
            rx_.commit(ooo_[i].end - rcv_nxt_);
            rcv_nxt_ = ooo_[i].end;
          }
          ooo_[i] = ooo_[--ooo_count_];
          filled = true;
          i = 0;
        } else {
          ++i;
        }
      }
      if (filled || ooo_count_ > 0) immediate = true;
      // A reader falling behind: a bigger buffer keeps the window open.
      if (rx_.free() < rx_.capacity() / 2) stack_->grow_receive_buffer(this);
      // The second segment makes the ACK due now -- sent by the stack's
      // poll(), which the interface runs at the end of each batch of frames
      // received together: one ACK for the batch, not one for every two of
      // its segments (what Linux's GRO amounts to). The window it carries is
      // the one the batch left.
      if (++unacked_segments_ >= 2) set_timer(&ack_deadline_, now);
      notify();
    } else {
      store_out_of_order(seq, data);
      immediate = true;
      fin = false;  // the peer resends it with (or after) the missing data
    }
  } else if (fin && offset != 0) {
    fin = false;
  }
  if (immediate) {
    ack_pending_ = true;
  } else if (seg.payload.size > 0 && ack_deadline_ == 0) {
    set_timer(&ack_deadline_, now + stack_->config().delayed_ack_ms);
  }
  if (fin) process_fin(now);
}

void TcpConnection::store_out_of_order(uint32_t seq, ByteSpan data) {
  rx_.write_at(seq - rcv_nxt_, data.data, data.size);
  Range r{seq, seq + uint32_t(data.size)};
  for (int i = 0; i < ooo_count_;) {
    Range& o = ooo_[i];
    if (seq_le(o.begin, r.end) && seq_le(r.begin, o.end)) {  // overlaps or touches
      if (seq_lt(o.begin, r.begin)) r.begin = o.begin;
      if (seq_gt(o.end, r.end)) r.end = o.end;
      ooo_[i] = ooo_[--ooo_count_];
      i = 0;
    } else {
      ++i;
    }
  }
  // With the list full the bytes sit unrecorded in free space: harmless, the
  // peer retransmits them.
  if (ooo_count_ < kMaxOutOfOrder) ooo_[ooo_count_++] = r;
}

void TcpConnection::process_fin(uint64_t now) {
  rcv_nxt_ += 1;
  fin_received_ = true;
  switch (state_) {
    case TcpState::kEstablished:
      // Delayed like data (Linux too: CLOSE_WAIT enters its "pingpong"
      // mode): the peer closing first is usually answered at once by our
      // response or our own FIN, which then carries this ACK -- a frame
      // fewer per connection. Otherwise the delayed-ACK timer sends it.
      state_ = TcpState::kCloseWait;
      if (!ack_pending_) {
        if (unacked_segments_ == 0) unacked_segments_ = 1;
        if (ack_deadline_ == 0) set_timer(&ack_deadline_, now + stack_->config().delayed_ack_ms);
      }
      break;
    case TcpState::kFinWait1:
      ack_pending_ = true;
      if (fin_acked()) {
        enter_time_wait(now);
      } else {
        state_ = TcpState::kClosing;  // simultaneous close
      }
      break;
    case TcpState::kFinWait2:
      ack_pending_ = true;
      enter_time_wait(now);
      break;
    default:
      ack_pending_ = true;
      break;
  }
  notify();
}

bool TcpConnection::fin_acked() const { return fin_queued_ && seq_gt(snd_una_, fin_seq_); }

// ---------------------------------------------------------------- output

uint16_t TcpConnection::window_field() const {
  uint32_t field = receive_space() >> rcv_wscale_;
  return uint16_t(field > 0xffff ? 0xffff : field);
}

void TcpConnection::emit(uint32_t seq, uint8_t flags, size_t data_offset, size_t data_length) {
  TcpHeader h;
  h.src_port = local_.port;
  h.dst_port = remote_.port;
  h.seq = seq;
  h.flags = flags;
  if (flags & kTcpAck) {
    h.ack = rcv_nxt_;
    ack_pending_ = false;
    unacked_segments_ = 0;
    ack_deadline_ = 0;
  }
  h.window = window_field();
  advertised_ = uint32_t(h.window) << rcv_wscale_;
  stack_->transmit(local_.addr, remote_.addr, h, &tx_, data_offset, data_length);
}

void TcpConnection::output(uint64_t now, bool force_one) {
  if (!can_send_state(state_)) {
    if (ack_pending_ && synchronized(state_)) ack_now();
    return;
  }
  size_t unsent = 0;
  for (;;) {
    uint32_t sent = seq_gt(snd_nxt_, tx_seq_base_) ? snd_nxt_ - tx_seq_base_ : 0;
    unsent = sent < tx_.size() ? tx_.size() - sent : 0;
    uint32_t window = snd_wnd_ < cwnd_ ? snd_wnd_ : cwnd_;
    uint32_t in_flight = snd_nxt_ - snd_una_;
    uint32_t usable = window > in_flight ? window - in_flight : 0;
    if (force_one && usable == 0) usable = 1;
    size_t len = unsent;
    if (len > usable) len = usable;
    if (len > send_mss_) len = send_mss_;
    // The FIN goes out right behind the last byte of data.
    bool fin = fin_queued_ && snd_nxt_ + uint32_t(len) == fin_seq_;
    if (len == 0 && !fin) break;
    // Nagle (RFC 1122 4.2.3.4): a short segment waits while data is in
    // flight, unless it is all there is before our FIN, or TCP_NODELAY.
    if (len < send_mss_ && len == unsent && !fin && !no_delay_ && !force_one &&
        snd_nxt_ != snd_una_ && !fin_queued_) {
      break;
    }
    // Sender-side silly window avoidance (RFC 9293 3.8.6.2.1): no sliver
    // the window cut short while something is in flight to open it again.
    if (len < unsent && len < send_mss_ && len < max_snd_wnd_ / 2 && !force_one && !fin &&
        snd_nxt_ != snd_una_) {
      break;
    }

    // Back-pressure: the link below is (nearly) full; poll() resumes us.
    if (len > 0 && stack_->output_->tx_room(remote_.addr) <= kTxReserve) {
      stack_->tx_blocked_ = true;
      ++stack_->stats_.tx_held;
      break;
    }
    uint8_t flags = kTcpAck | (len > 0 ? kTcpPsh : 0) | (fin ? kTcpFin : 0);
    bool retransmission = seq_lt(snd_nxt_, snd_max_);
    emit(snd_nxt_, flags, sent, len);
    if (!retransmission && !timing_rtt_ && len > 0) {
      timing_rtt_ = true;
      rtt_seq_ = snd_nxt_ + uint32_t(len);
      rtt_start_ms_ = now;
    }
    snd_nxt_ += uint32_t(len) + (fin ? 1 : 0);
    snd_max_ = seq_max(snd_max_, snd_nxt_);
    if (retransmit_deadline_ == 0) arm_retransmit(now);
    force_one = false;
  }
  if (ack_pending_) ack_now();
  // Persist timer: a zero window with data waiting and nothing in flight
  // would deadlock if the peer's window update were lost.
  if (retransmit_deadline_ == 0 && snd_wnd_ == 0 && unsent > 0) arm_retransmit(now);
}

void TcpConnection::arm_retransmit(uint64_t now) {
  set_timer(&retransmit_deadline_, now + rto_.rto_ms());
}

// 0 means "off": a timer due at time 0 is due at 1 (a clock starting at 0
// has passed 1 by the time anything is sent).
void TcpConnection::set_timer(uint64_t* field, uint64_t deadline_ms) {
  *field = deadline_ms != 0 ? deadline_ms : 1;
}

// ---------------------------------------------------------------- timers

uint64_t TcpConnection::deadline() const {
  uint64_t d = retransmit_deadline_;
  if (linger_deadline_ != 0 && (d == 0 || linger_deadline_ < d)) d = linger_deadline_;
  if (ack_deadline_ != 0 && (d == 0 || ack_deadline_ < d)) d = ack_deadline_;
  return d;
}

void TcpConnection::on_timer(uint64_t now) {
  if (linger_deadline_ != 0 && now >= linger_deadline_) {
    linger_deadline_ = 0;
    if (state_ == TcpState::kTimeWait || state_ == TcpState::kFinWait2) {
      enter_closed();
      return;
    }
  }
  if (ack_deadline_ != 0 && now >= ack_deadline_) {
    ack_deadline_ = 0;
    if (synchronized(state_) && unacked_segments_ > 0) ack_now();
  }
  if (retransmit_deadline_ == 0 || now < retransmit_deadline_) return;
  retransmit_deadline_ = 0;
  timing_rtt_ = false;  // Karn: nothing sent twice is timed
  ++stack_->stats_.timeouts;
  // Window probes do not count: a peer with a closed window is alive.
  bool probing = synchronized(state_) && snd_wnd_ == 0 && snd_una_ == snd_max_;
  uint32_t limit = state_ == TcpState::kSynReceived && parent_ != nullptr
                       ? stack_->config().max_syn_ack_retransmits
                       : stack_->config().max_retransmits;
  if (!probing && ++retries_ > limit) {
    if (synchronized(state_)) emit(snd_max_, kTcpRst | kTcpAck, 0, 0);
    fail(Error::kTimedOut);
    return;
  }
  rto_.backoff();
  if (state_ == TcpState::kSynSent || state_ == TcpState::kSynReceived) {
    emit_syn(state_ == TcpState::kSynSent ? kTcpSyn : kTcpSyn | kTcpAck);
    arm_retransmit(now);
    return;
  }
  in_recovery_ = false;
  dup_acks_ = 0;
  if (snd_una_ != snd_max_) {
    // Go back to the first unacked byte with a one-segment window
    // (RFC 5681 3.1, equation 4).
    uint32_t flight = snd_max_ - snd_una_;
    ssthresh_ = flight / 2 > 2u * send_mss_ ? flight / 2 : 2u * send_mss_;
    cwnd_ = send_mss_;
    snd_nxt_ = snd_una_;
  }
  output(now, true);
}

void TcpConnection::notify() {
  ++wake_generation_;
  stack_->wake(this);
}

}  // namespace akuma::net::tcp
