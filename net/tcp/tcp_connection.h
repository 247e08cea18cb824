// One TCP connection (a TCB, RFC 9293 section 3.3.1) and its state machine.
//
// Connections live in a TcpStack, which demultiplexes segments to them, owns
// their memory and runs their timers. Every member is guarded by the net
// lock: the caller of any TcpStack/TcpConnection function holds it.
//
// What it implements beyond RFC 9293's core, and how:
// - Window scaling (RFC 7323 2): offered on every SYN with the shift that
//   makes the receive buffer fit 16 bits; used only when both SYNs carry it.
// - Delayed ACKs (RFC 1122 4.2.3.2, RFC 5681 4.2): an ACK for in-order data
//   waits for a second full-sized segment or delayed_ack_ms (40 ms, Linux's
//   minimum delay), whichever comes first; data we send carries it earlier.
//   "The second segment" means the end of the batch it came in: the ACK is
//   then due at once and TcpStack::poll() sends it, which the interface
//   runs after each batch of received frames -- one ACK per batch and
//   connection, as Linux's GRO gives (a bulk receiver's ACKs are the
//   sender's main cost on an emulated link).
//   Out-of-order data, a segment that fills a hole and a window update are
//   acknowledged at once, and so is a FIN, except one that ends an
//   established connection (CLOSE_WAIT): it waits like data, so that our
//   answer or our own FIN carries its ACK (Linux: "pingpong" mode). Why
//   40 ms and "every second segment": it halves the ACKs of a bulk transfer
//   (the peer's sending is clocked by them, and on an emulated machine
//   every frame costs), while a request/response exchange never waits for
//   the timer, because the response carries the ACK.
// - Congestion control (RFC 5681) with fast retransmit and NewReno fast
//   recovery (RFC 6582): the third duplicate ACK retransmits the first
//   unacknowledged segment and halves the window; partial ACKs retransmit
//   the next hole at once; the retransmission timer stays the last resort.
// - Nagle's algorithm (RFC 1122 4.2.3.4) unless set_no_delay(true)
//   (TCP_NODELAY): a segment shorter than the MSS waits while data is in
//   flight, except the last one before our FIN.
// - RFC 5961: a RST resets only with the exact next sequence number (in
//   window: a challenge ACK), a SYN on a synchronized connection gets a
//   challenge ACK, and an ACK for data never sent or older than the largest
//   window the peer has seen is answered with an ACK and ignored.
#pragma once

#include "kernel/lib/result.h"
#include "net/tcp/ring_buffer.h"
#include "net/tcp/rto.h"
#include "net/wire/address.h"
#include "net/wire/tcp.h"

namespace akuma::net::tcp {

class TcpStack;

enum class TcpState : uint8_t {
  kClosed,
  kListen,
  kSynSent,
  kSynReceived,
  kEstablished,
  kFinWait1,
  kFinWait2,
  kCloseWait,
  kClosing,
  kLastAck,
  kTimeWait,
};

const char* tcp_state_name(TcpState s);

class TcpConnection {
 public:
  TcpConnection(TcpStack* stack, uint64_t now_ms);
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  TcpState state() const { return state_; }
  Endpoint local() const { return local_; }
  Endpoint remote() const { return remote_; }

  // --- User side (the socket layer) ---
  // Queues up to n bytes; kWouldBlock when the buffer is full or the
  // handshake is still running, kNotConnected after the send side closed,
  // or the connection's error (reset, timed out).
  Result<size_t> send(const uint8_t* data, size_t n, uint64_t now_ms);
  // Takes up to n bytes; 0 means end of stream (peer sent FIN and all data
  // was read); kWouldBlock when nothing is there yet.
  Result<size_t> recv(uint8_t* out, size_t n, uint64_t now_ms);
  // Half close: queue a FIN after the pending data.
  void shutdown_send(uint64_t now_ms);
  // TCP_NODELAY: no Nagle delay for small segments.
  void set_no_delay(bool on) { no_delay_ = on; }
  bool no_delay() const { return no_delay_; }

  // The connection's own readiness; a socket's poll() bits (hangup,
  // shutdown, pending errors) are the socket layer's (socket_table.h).
  bool readable() const;  // recv() would not block
  bool writable() const;  // send() would not block
  bool fin_received() const { return fin_received_; }  // the peer's FIN (in order)
  bool has_error() const { return has_error_; }
  Error error() const { return error_; }
  bool established_once() const { return established_once_; }
  size_t bytes_unread() const { return rx_.size(); }
  size_t bytes_unacked() const { return tx_.size(); }

  // Incremented whenever readiness may have changed. A waiter samples it,
  // re-checks readiness, and sleeps only while it is unchanged.
  uint64_t wake_generation() const { return wake_generation_; }

  // Free for the socket layer to store its handle: passed to the wake hook.
  void* user_tag = nullptr;  // guarded by the net lock

  uint64_t rto_ms() const { return rto_.rto_ms(); }
  uint32_t congestion_window() const { return cwnd_; }
  uint32_t send_window() const { return snd_wnd_; }
  uint8_t send_window_shift() const { return snd_wscale_; }
  uint8_t receive_window_shift() const { return rcv_wscale_; }

 private:
  friend class TcpStack;

  // --- Stack side ---
  void open_active(Endpoint local, Endpoint remote, uint32_t iss, uint64_t now_ms);
  void open_passive_child(TcpConnection* listener, Endpoint local, Endpoint remote,
                          const TcpView& syn, uint32_t iss, uint64_t now_ms);
  void on_segment(const TcpView& seg, uint64_t now_ms);
  void on_timer(uint64_t now_ms);
  uint64_t deadline() const;  // 0 = no timer running
  void begin_close(uint64_t now_ms);
  void send_reset();  // RST for a synchronized connection, then closed

  void on_syn_sent(const TcpView& seg, uint64_t now_ms);
  bool acceptable(const TcpView& seg) const;
  bool process_ack(const TcpView& seg, uint64_t now_ms);
  void on_duplicate_ack(uint64_t now_ms);
  void process_data(const TcpView& seg, uint64_t now_ms);
  void process_fin(uint64_t now_ms);
  void store_out_of_order(uint32_t seq, ByteSpan data);
  bool enter_established(const TcpView& seg, uint64_t now_ms);
  void enter_time_wait(uint64_t now_ms);
  void enter_closed();
  void fail(Error error);  // closed, with an error for the user
  void take_peer_options(const TcpHeader& syn);

  // Sends what the windows allow, or a pure ACK if one is owed now. With
  // `force_one`, sends one byte (or the FIN) even into a zero window: the
  // retransmission of the first unacked byte or a window probe.
  void output(uint64_t now_ms, bool force_one = false);
  void retransmit_first(uint64_t now_ms);  // the first unacknowledged segment
  void emit(uint32_t seq, uint8_t flags, size_t data_offset, size_t data_length);
  void emit_syn(uint8_t flags);
  void ack_now() { emit(snd_max_, kTcpAck, 0, 0); }
  void arm_retransmit(uint64_t now_ms);
  void set_timer(uint64_t* field, uint64_t deadline_ms);
  uint32_t receive_space() const;     // bytes we can take now
  uint16_t window_field() const;      // what the header says (scaled)
  void notify();

  bool fin_acked() const;
  bool can_receive_data() const;

  TcpStack* stack_;

  TcpState state_ = TcpState::kClosed;
  Endpoint local_;   // our address and port
  Endpoint remote_;  // the peer's

  // Ownership. user_owned: a socket handle refers to this connection, so the
  // stack never frees it. orphaned: the user closed it, data is discarded.
  // parent: the listener whose queues hold us until accept().
  bool user_owned_ = false;
  bool orphaned_ = false;
  TcpConnection* parent_ = nullptr;
  uint64_t created_order_ = 0;

  // The stack's bookkeeping (tcp_stack.cc): table index, hash chain, the
  // TIME_WAIT queue, a listener's children in arrival order, the listeners.
  size_t index_ = 0;
  bool hashed_ = false;
  TcpConnection* hash_next_ = nullptr;
  TcpConnection* tw_prev_ = nullptr;
  TcpConnection* tw_next_ = nullptr;
  bool in_time_wait_queue_ = false;
  TcpConnection* sibling_prev_ = nullptr;
  TcpConnection* sibling_next_ = nullptr;
  TcpConnection* next_listener_ = nullptr;
  // Listeners only.
  TcpConnection* children_head_ = nullptr;
  TcpConnection* children_tail_ = nullptr;
  uint32_t backlog_limit_ = 0;  // established children waiting for accept()
  uint32_t half_open_ = 0;      // children in SYN_RECEIVED
  uint32_t ready_ = 0;          // established children not yet accepted

  // Send sequence space (RFC 9293 3.3.1) plus snd_max, the highest sequence
  // number ever sent. snd_nxt falls back to snd_una on a retransmit timeout
  // (go-back-N), so pure ACKs and RSTs carry snd_max: with snd_nxt they could
  // fall below the peer's rcv_nxt and be dropped as unacceptable.
  uint32_t iss_ = 0;
  uint32_t snd_una_ = 0;
  uint32_t snd_nxt_ = 0;
  uint32_t snd_max_ = 0;
  uint32_t snd_wnd_ = 0;       // in bytes (scaled)
  uint32_t max_snd_wnd_ = 0;   // the largest window the peer offered (RFC 5961 5.2)
  uint32_t snd_wl1_ = 0;
  uint32_t snd_wl2_ = 0;
  uint32_t tx_seq_base_ = 0;  // sequence number of tx_ byte 0
  uint16_t send_mss_ = 536;   // RFC 9293 default until the peer says otherwise
  uint8_t snd_wscale_ = 0;    // the peer's shift: its windows are << this
  uint8_t rcv_wscale_ = 0;    // ours: what we advertise is >> this
  bool wscale_offered_ = false;  // our SYN carried the option (active open)
  uint32_t cwnd_ = 0;         // congestion window (RFC 5681), bytes
  uint32_t ssthresh_ = 0xffffffffu;
  uint32_t dup_acks_ = 0;
  bool in_recovery_ = false;  // NewReno fast recovery (RFC 6582)
  uint32_t recover_ = 0;      // snd_max when recovery began
  bool fin_queued_ = false;   // the user closed the send side
  uint32_t fin_seq_ = 0;      // valid when fin_queued_
  bool no_delay_ = false;

  // Receive sequence space.
  uint32_t irs_ = 0;
  uint32_t rcv_nxt_ = 0;
  uint32_t advertised_ = 0;   // the window (bytes) in our last segment
  bool ack_pending_ = false;  // an ACK is owed now
  uint32_t unacked_segments_ = 0;  // in-order segments received since our last ACK
  bool fin_received_ = false;

  // Out-of-order segments already written into rx_ past its end, as
  // [begin, end) sequence ranges, disjoint and unordered. Full: drop.
  static constexpr int kMaxOutOfOrder = 4;
  struct Range {
    uint32_t begin, end;
  };
  Range ooo_[kMaxOutOfOrder] = {};
  int ooo_count_ = 0;

  // Timers, absolute milliseconds, 0 = off.
  uint64_t retransmit_deadline_ = 0;
  uint64_t linger_deadline_ = 0;  // TIME_WAIT end, orphaned FIN_WAIT_2 limit
  uint64_t ack_deadline_ = 0;     // delayed ACK
  uint32_t retries_ = 0;
  RtoEstimator rto_;
  bool timing_rtt_ = false;  // one segment timed at a time (Karn)
  uint32_t rtt_seq_ = 0;     // timed segment is acked once ack >= rtt_seq_
  uint64_t rtt_start_ms_ = 0;

  bool has_error_ = false;
  Error error_ = Error::kNotConnected;
  bool established_once_ = false;
  uint64_t wake_generation_ = 0;

  // Allocated once established (TcpStack::allocate_buffers), released when
  // nobody can use them any more.
  RingBuffer tx_;  // unacked + unsent data, from tx_seq_base_
  RingBuffer rx_;  // received in-order data not yet read, then ooo space
};

}  // namespace akuma::net::tcp
