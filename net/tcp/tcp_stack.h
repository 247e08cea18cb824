// The TCP layer: a fixed-capacity table of connections, segment
// demultiplexing, listeners with backlogs, resets for unmatched segments and
// the timers. It knows nothing about links: segments leave through a
// TcpOutput (the interface wraps them in IPv4 and Ethernet).
//
// Ownership: the stack allocates and frees every TcpConnection. A pointer
// handed out by listen/connect/accept stays valid until the caller gives it
// back with close() or abort(); other connections (unaccepted children,
// closed-by-user connections finishing their close, TIME_WAIT) are the
// stack's and disappear on their own.
//
// Backlog policy: a SYN for a listener whose backlog (SYN_RECEIVED plus
// established-but-unaccepted children) is full is dropped silently and
// counted, as Linux does; the client retransmits its SYN and gets in once
// accept() has made room. A port with no listener answers with RST.
//
// TIME_WAIT never blocks a listener: listen() only conflicts with another
// listener on the same port whose address overlaps (equal, or any on either
// side), and a SYN that matches a TIME_WAIT connection while a listener
// exists ends the TIME_WAIT and goes to the listener. A SYN goes to the
// listener bound to its destination address before one bound to any.
//
// Ephemeral ports come from Linux's default range, kEphemeralFirst..Last,
// skipping every port a connection of this stack uses.
//
// Locking: every function requires the caller to hold the net lock.
#pragma once

#include "kernel/lib/result.h"
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
  uint64_t time_wait_ms = 60000;           // 2 * MSL, MSL = 30 s
  uint64_t fin_wait_2_timeout_ms = 60000;  // orphaned connections only
  uint32_t initial_sequence_seed = 0x12345678;
};

inline constexpr size_t kMaxTcpConnections = 64;
inline constexpr uint16_t kEphemeralFirst = 32768;  // Linux's ip_local_port_range
inline constexpr uint16_t kEphemeralLast = 60999;

// Where outgoing segments go. `segment` is complete, checksum included.
class TcpOutput {
 public:
  virtual void send_tcp_segment(Ipv4Address src, Ipv4Address dst, ByteSpan segment) = 0;

 protected:
  ~TcpOutput() = default;
};

// What receive() did with a segment, for the interface's counters.
enum class TcpRxResult {
  kDelivered,
  kMalformed,    // truncated, bad offsets or options
  kBadChecksum,
  kNoSocket,     // nobody listening: answered with RST (unless it was a RST)
  kBacklogFull,  // SYN dropped
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
  // addresses and ports exists. Completion shows as writable() (established)
  // or has_error() (kConnectionRefused, kTimedOut).
  Result<TcpConnection*> connect(Endpoint local, Endpoint remote, uint64_t now_ms);
  // The oldest established child of a listener, now owned by the caller.
  Result<TcpConnection*> accept(TcpConnection* listener);
  bool acceptable(const TcpConnection* listener) const;
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

  size_t connection_count() const;  // all of them, for tests and `netstat`
  bool port_in_use(uint16_t port) const;
  const TcpConfig& config() const { return config_; }

 private:
  friend class TcpConnection;

  TcpConnection* allocate(uint64_t now_ms);
  void free_connection(TcpConnection* c);
  void reap(TcpConnection* c);  // frees c if it is closed and nobody holds it
  TcpConnection* find_connection(Ipv4Address src, Ipv4Address dst, uint16_t src_port,
                                 uint16_t dst_port) const;
  TcpConnection* find_listener(Ipv4Address dst, uint16_t dst_port) const;
  uint32_t backlog_used(const TcpConnection* listener) const;
  void on_listen_segment(TcpConnection* listener, Ipv4Address src, Ipv4Address dst,
                         const TcpView& seg, uint64_t now_ms, TcpRxResult* result);
  void send_reset_for(Ipv4Address src, Ipv4Address dst, const TcpView& seg);
  uint32_t next_iss(uint64_t now_ms);
  uint16_t pick_ephemeral_port();
  void transmit(Ipv4Address src, Ipv4Address dst, const TcpHeader& h, ByteSpan payload);
  void wake(TcpConnection* c);

  TcpOutput* output_;
  TcpConfig config_;
  TcpConnection* table_[kMaxTcpConnections] = {};  // guarded by the net lock
  uint64_t created_counter_ = 0;                  // guarded by the net lock
  uint32_t iss_counter_ = 0;                      // guarded by the net lock
  uint16_t next_ephemeral_ = kEphemeralFirst;     // guarded by the net lock
  TcpWakeHook wake_hook_ = nullptr;               // guarded by the net lock
  void* wake_context_ = nullptr;                  // guarded by the net lock
  // Segment assembly buffers for transmit(); guarded by the net lock.
  uint8_t payload_[1500];
  uint8_t scratch_[kTcpMaxHeaderSize + 1500];
};

}  // namespace akuma::net::tcp
