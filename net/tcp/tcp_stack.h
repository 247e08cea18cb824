// The TCP layer: a table of connections sized from memory, segment
// demultiplexing (a hash of the four-tuple), listeners with SYN and accept
// queues, resets for unmatched segments and the timers. It knows nothing
// about links: segments leave through a TcpOutput (the interface wraps them
// in IPv4 and Ethernet). Time and the secret for initial sequence numbers
// are passed in (TcpConfig), so it runs on the host as in the kernel.
//
// Ownership: the stack allocates and frees every TcpConnection. A pointer
// handed out by listen/connect/accept stays valid until the caller gives it
// back with close() or abort(); other connections (unaccepted children,
// closed-by-user connections finishing their close, TIME_WAIT) are the
// stack's and disappear on their own.
//
// Capacity (tcp_config_for_memory): at most max_connections entries, TIME_WAIT
// included, and at most buffer_budget bytes of connection buffers, which a
// connection gets when it is established and gives back when it reaches
// TIME_WAIT or closes. A connection is never refused for want of an entry
// while a TIME_WAIT connection exists: the oldest one (that no socket still
// holds) is ended early, as Linux does past tcp_max_tw_buckets.
//
// Queues of a listener. Accept queue: established children not yet
// accepted, at most the listen() backlog; a SYN arriving while it is full is
// dropped (kBacklogFull) as Linux does, and the client's retransmission gets
// in once accept() has made room. SYN queue: children in SYN_RECEIVED, at
// most config.syn_queue. SYN-flood policy: early drop of the oldest
// half-open child (no SYN cookies): a full SYN queue makes room by dropping
// its oldest entry (kSynQueueFull counts it) and the new SYN is answered, so
// a flood of SYNs from addresses that never complete cannot lock real
// clients out -- a real client's handshake completes within one round trip
// and leaves the queue, while the flood's entries are the ones that age
// out. Half-open children retransmit their SYN-ACK at most
// max_syn_ack_retransmits times.
//
// Every other reason a segment is dropped has its own TcpRxResult (and so
// its own counter in the interface): no listener (answered with RST), table
// full (no entry and no TIME_WAIT to end), no memory (the buffer budget is
// spent), malformed, bad checksum.
//
// TIME_WAIT never blocks a listener: listen() only conflicts with another
// listener on the same port whose address overlaps (equal, or any on either
// side). A SYN that matches a TIME_WAIT connection while a listener exists
// starts a new incarnation when its sequence number is above the old
// connection's rcv_nxt (RFC 6191 without timestamps; RFC 9293 3.6.1), and
// is otherwise answered as TIME_WAIT answers an old duplicate (an ACK). A
// SYN goes to the listener bound to its destination address before one
// bound to any.
//
// Initial sequence numbers: RFC 6528 (isn.h), keyed by config.isn_secret.
//
// Ephemeral ports come from Linux's default range, kEphemeralFirst..Last,
// skipping every port a connection of this stack uses.
//
// Locking: every function requires the caller to hold the net lock.
#pragma once

#include "kernel/lib/result.h"
#include "net/tcp/isn.h"
#include "net/tcp/tcp_connection.h"
#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net::tcp {

struct TcpConfig {
  uint16_t mss = 1460;                     // ours: Ethernet MTU - 40
  uint64_t initial_rto_ms = 1000;          // RFC 6298 (2.1)
  uint64_t min_rto_ms = 1000;              // RFC 6298 (2.4)
  uint64_t max_rto_ms = 60000;             // RFC 6298 (2.5)
  uint32_t max_retransmits = 8;            // then the connection times out
  uint32_t max_syn_ack_retransmits = 5;    // a half-open child gives up sooner (Linux: 5)
  uint64_t time_wait_ms = 60000;           // 2 * MSL, MSL = 30 s
  uint64_t fin_wait_2_timeout_ms = 60000;  // orphaned connections only
  uint64_t delayed_ack_ms = 40;            // RFC 1122 4.2.3.2: under 500 ms
  size_t max_connections = 64;             // table entries, TIME_WAIT included
  // What a connection starts with (powers of two): small, so that many idle
  // or slow connections cost little -- two hundred half-open clients must
  // not spend the budget new ones need.
  size_t receive_buffer = kTcpBufferSize;
  size_t send_buffer = kTcpBufferSize;
  // A sender that fills its send buffer has it doubled, up to this (budget
  // permitting): a bulk sender then hands over more per call, and the net
  // thread sends what the peer's ACKs let out in batches.
  size_t max_send_buffer = 256 * 1024;
  // A receiver whose buffer is more than half full of unread data has it
  // doubled, up to this: the window it offers then grows and stays open
  // while the reader catches up (with a peer that does not scale windows,
  // at its 64 KiB maximum). Window scaling is offered for this size.
  size_t max_receive_buffer = 128 * 1024;
  size_t buffer_budget = 8 << 20;          // all connections' buffers
  uint32_t syn_queue = 64;                 // half-open children per listener
  IsnSecret isn_secret{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};  // the kernel draws its own
};

// The kernel's configuration for `ram_bytes` of RAM: an eighth of it for
// connection buffers, and one table entry per 32 KiB of RAM (4096 for
// 128 MiB), between 64 and 4096.
TcpConfig tcp_config_for_memory(uint64_t ram_bytes);

inline constexpr size_t kTxReserve = 16;
inline constexpr uint16_t kEphemeralFirst = 32768;  // Linux's ip_local_port_range
inline constexpr uint16_t kEphemeralLast = 60999;

// Where outgoing segments go. `segment` is complete, checksum included.
class TcpOutput {
 public:
  // Where to build the next segment so that sending it copies nothing: the
  // link's own frame buffer, room for kTcpMaxHeaderSize + the MSS, good until
  // the next send_tcp_segment. Empty (the default): the stack builds in its
  // own buffer.
  virtual MutByteSpan segment_buffer() { return MutByteSpan{}; }
  virtual void send_tcp_segment(Ipv4Address src, Ipv4Address dst, ByteSpan segment) = 0;
  // Segments the link below takes now without dropping one. Data segments
  // are sent only while it is above kTxReserve (ACKs, FINs and RSTs keep
  // the reserve); what is held back goes out from poll() once there is room.
  virtual size_t tx_room(Ipv4Address /*dst*/) { return ~size_t{0}; }

 protected:
  ~TcpOutput() = default;
};

// What receive() did with a segment, for the interface's counters.
enum class TcpRxResult {
  kDelivered,
  kMalformed,     // truncated, bad offsets or options
  kBadChecksum,
  kNoListener,    // nobody listening: answered with RST (unless it was a RST)
  kBacklogFull,   // SYN dropped: the listener's accept queue is full
  kSynQueueFull,  // SYN answered, but the oldest half-open child was dropped for it
  kTableFull,     // SYN dropped: no free entry and no TIME_WAIT to end
  kNoMemory,      // SYN dropped: the buffer budget is spent
};

// Events worth counting that are not drops of a received segment.
struct TcpStats {
  uint64_t time_wait_reused = 0;     // TIME_WAIT ended early for a new connection
  uint64_t challenge_acks = 0;       // RFC 5961 answers to suspicious RST/SYN/ACK
  uint64_t fast_retransmits = 0;     // RFC 5681 3.2 / RFC 6582
  uint64_t timeouts = 0;             // retransmission timer expiries
  uint64_t resets_no_memory = 0;     // established without buffer memory: reset
  uint64_t tx_held = 0;              // data segments held back: the link was full
};

// Called whenever a connection's readiness may have changed (data, space,
// established, closed, a child ready to accept on a listener). `tag` is the
// connection's user_tag, or the listener's for an unaccepted child.
using TcpWakeHook = void (*)(void* context, void* tag);

class TcpStack {
 public:
  explicit TcpStack(TcpOutput* output, const TcpConfig& config = TcpConfig{});
  ~TcpStack();
  TcpStack(const TcpStack&) = delete;
  TcpStack& operator=(const TcpStack&) = delete;

  // --- Socket side ---
  // kExists if a listener on this port has an overlapping address
  // (EADDRINUSE); kNoMemory when the table is full.
  Result<TcpConnection*> listen(Endpoint local, uint32_t backlog, uint64_t now_ms);
  void set_backlog(TcpConnection* listener, uint32_t backlog);
  // Sends a SYN from `local` (a specific address). local.port 0 picks an
  // ephemeral port. kAddressNotAvailable when a connection with the same
  // addresses and ports exists; kNoMemory when the table is full of live
  // connections or the buffer budget is spent. Completion shows as
  // writable() (established) or has_error() (kConnectionRefused, kTimedOut).
  Result<TcpConnection*> connect(Endpoint local, Endpoint remote, uint64_t now_ms);
  // The oldest established child of a listener, now owned by the caller.
  Result<TcpConnection*> accept(TcpConnection* listener);
  bool acceptable(const TcpConnection* listener) const { return listener->ready_ > 0; }
  // Graceful close; the caller gives up the pointer. Unread data makes it an
  // abort (RFC 2525 2.17). A listener is freed at once, its unaccepted
  // children reset.
  void close(TcpConnection* c, uint64_t now_ms);
  // RST (if synchronized) and free at once: the port is free on return.
  void abort(TcpConnection* c);

  // --- Interface side ---
  TcpRxResult receive(Ipv4Address src, Ipv4Address dst, ByteSpan segment, uint64_t now_ms);
  void poll(uint64_t now_ms);
  uint64_t next_deadline() const;  // earliest timer, 0 = none

  void set_wake_hook(TcpWakeHook hook, void* context) {
    wake_hook_ = hook;
    wake_context_ = context;
  }

  // All of them (TIME_WAIT included), for tests and `netstat`.
  size_t connection_count() const { return active_count_ + time_wait_count_; }
  size_t time_wait_count() const { return time_wait_count_; }
  size_t capacity() const { return config_.max_connections; }
  size_t buffer_bytes() const { return buffer_bytes_; }
  bool port_in_use(uint16_t port) const;
  const TcpConfig& config() const { return config_; }
  const TcpStats& stats() const { return stats_; }

 private:
  friend class TcpConnection;

  TcpConnection* allocate(uint64_t now_ms);
  void free_connection(TcpConnection* c);
  void reap(TcpConnection* c);  // frees c if it is closed and nobody holds it
  void hash_insert(TcpConnection* c);
  void hash_remove(TcpConnection* c);
  size_t bucket_of(Endpoint local, Endpoint remote) const;
  TcpConnection* find_connection(Ipv4Address src, Ipv4Address dst, uint16_t src_port,
                                 uint16_t dst_port) const;
  TcpConnection* find_listener(Ipv4Address dst, uint16_t dst_port) const;
  void add_child(TcpConnection* listener, TcpConnection* child);
  void remove_child(TcpConnection* child);
  void child_established(TcpConnection* child);
  void time_wait_enqueue(TcpConnection* c);
  void time_wait_remove(TcpConnection* c);
  void leave_time_wait(TcpConnection* c);  // back into table_ (closed, about to be reaped)
  bool buffers_available() const;
  bool allocate_buffers(TcpConnection* c);
  bool grow_send_buffer(TcpConnection* c);     // doubles it (see max_send_buffer)
  bool grow_receive_buffer(TcpConnection* c);  // doubles it (see max_receive_buffer)
  bool grow(RingBuffer& ring, size_t max);  // a connection's ring, doubled within the budget
  uint8_t* take_buffer(size_t size);
  void give_buffer(uint8_t* storage, size_t size);
  void release_buffers(TcpConnection* c, bool rx, bool tx);
  void on_listen_segment(TcpConnection* listener, Ipv4Address src, Ipv4Address dst,
                         const TcpView& seg, uint64_t now_ms, TcpRxResult* result);
  void send_reset_for(Ipv4Address src, Ipv4Address dst, const TcpView& seg);
  uint32_t next_iss(Endpoint local, Endpoint remote, uint64_t now_ms);
  uint16_t pick_ephemeral_port();
  // A segment with up to `length` bytes of `data` from `offset` on as its
  // payload, copied once: from the send buffer into the segment.
  void transmit(Ipv4Address src, Ipv4Address dst, const TcpHeader& h,
                const RingBuffer* data = nullptr, size_t offset = 0, size_t length = 0);
  void wake(TcpConnection* c);

  TcpOutput* output_;
  TcpConfig config_;
  // Everything below is guarded by the net lock.
  // [0, active_count_): every connection not in TIME_WAIT, unordered;
  // TIME_WAIT connections are only in the queue below (and the hash), so
  // the timer scan never walks them.
  TcpConnection** table_ = nullptr;
  size_t active_count_ = 0;
  size_t time_wait_count_ = 0;
  TcpConnection** buckets_ = nullptr;  // hash chains of connections with a remote end
  size_t bucket_mask_ = 0;
  TcpConnection* listeners_ = nullptr;  // via next_listener_
  TcpConnection* time_wait_head_ = nullptr;  // oldest first
  TcpConnection* time_wait_tail_ = nullptr;
  size_t buffer_bytes_ = 0;
  // Buffers given back, kept for the next connections (connections/s would
  // otherwise pay a heap allocation of 64 KiB twice per connection).
  static constexpr int kSpareBuffers = 16;
  struct Spare {
    uint8_t* storage;
    size_t size;
  };
  Spare spares_[kSpareBuffers] = {};
  int spare_count_ = 0;
  uint64_t created_counter_ = 0;
  uint16_t next_ephemeral_ = kEphemeralFirst;
  TcpStats stats_;
  bool tx_blocked_ = false;  // some connection held data back for tx_room()
  TcpWakeHook wake_hook_ = nullptr;
  void* wake_context_ = nullptr;
  // Where transmit() builds a segment when the output lends no buffer.
  uint8_t scratch_[kTcpMaxHeaderSize + 1500];
};

}  // namespace akuma::net::tcp
