// The fd-facing socket layer: BSD sockets with Linux semantics over one
// Interface (TCP streams and UDP datagrams, IPv4), as a fixed table of
// sockets addressed by generation-counted handles. Calls never block: where
// a blocking call would sleep they return Error::kWouldBlock, and the kernel
// wraps them in a wait-queue loop (see "Waking") and maps Errors to errno at
// the syscall boundary (see "Errors").
//
// Handles: {index, generation}. Closing a socket bumps its slot's
// generation, so a stale handle (a dead process's fd racing a new socket in
// the same slot) gets kBadDescriptor instead of someone else's socket.
//
// Addresses (bind, connect, send_to): an Endpoint in host byte order. A
// socket binds to INADDR_ANY, to 127.0.0.0/8 or to the interface's own
// address (anything else: kAddressNotAvailable); port 0 picks an ephemeral
// port (32768..60999, skipping every port in use). connect(), send_to() and
// listen() bind an unbound socket to an ephemeral port first, as Linux does.
// A connection to 0.0.0.0 goes to 127.0.0.1, as on Linux. Source address:
// 127.0.0.1 towards 127.0.0.0/8, the interface's address otherwise (see
// Interface::source_address), unless the socket is bound to one address.
//
// Ports: bind() fails with kExists (EADDRINUSE) while another open socket
// of the same type holds the port with an overlapping address (equal, or
// INADDR_ANY on either side). As in Linux, two TCP sockets that both set
// reuse_addr may share a port while the other one is not listening; a
// second listener on an overlapping address is always kExists (at listen()).
// close() and abort() free a port at once. Deliberate differences from
// Linux, so that a restarted server always gets its port back: TCP
// connections that outlive close() (FIN_WAIT, TIME_WAIT) and accepted
// connections hold no port, so they never make bind() or listen() fail --
// Linux blocks the port for them unless SO_REUSEADDR is set. UDP sockets
// never share a port (Linux lets SO_REUSEADDR sockets do so).
//
// Stream sockets, by state (Linux's results):
//   unconnected  send: kBrokenPipe (EPIPE); recv: kNotConnected;
//                readiness: writable | hangup (Linux's POLLOUT|POLLHUP)
//   connecting   connect(): kAlreadyInProgress; send/recv: kWouldBlock;
//                connect_result(): kWouldBlock, then ok or the error
//   listening    accept: kWouldBlock or a new socket; listen() again sets
//                the backlog; connect: kAlreadyConnected; send: kBrokenPipe;
//                recv: kNotConnected; readable when a connection is ready
//   connected    connect(): kAlreadyConnected; listen(): kInvalidArgument
//   failed       (refused, reset, timed out) the error is pending: the
//                first of recv, send, connect_result, take_error gets it
//                (SO_ERROR semantics: read once); then recv returns 0 and
//                send kBrokenPipe. A reset after the peer's FIN is
//                kBrokenPipe (Linux: EPIPE), since receiving had finished.
// recv returns buffered data first, then 0 at end of stream (peer FIN, or
// after shutdown(kRead)). shutdown(kWrite) sends FIN after the buffered
// data; later sends fail with kBrokenPipe. Readiness: readable when recv
// would not block (data, end of stream, a pending error); writable when
// send would not block (buffer space, or it would fail at once); hangup
// when both directions are shut or the connection is gone (a peer FIN alone
// is readable, not hangup); error while an error is pending.
//
// Datagram sockets: a bounded receive queue (UdpTable) keeps datagram
// boundaries; recv/recv_from return one datagram, truncated to the buffer
// (the rest is discarded, as without MSG_TRUNC). connect() sets the peer
// that send() uses and the only source recv accepts; send on an unconnected
// socket is kDestinationRequired; datagrams above UdpTable::kMaxPayload
// (1472 bytes, no fragmentation; Linux's loopback takes 65507) are
// kMessageTooLong. Readiness: writable always, readable with a datagram
// queued or after shutdown(kRead).
//
// Errors (the Error -> errno mapping for the kernel):
//   kBadDescriptor EBADF, kInvalidArgument EINVAL, kExists EADDRINUSE,
//   kAddressNotAvailable EADDRNOTAVAIL, kWouldBlock EAGAIN,
//   kNotConnected ENOTCONN, kAlreadyConnected EISCONN,
//   kAlreadyInProgress EALREADY, kBrokenPipe EPIPE (and SIGPIPE unless
//   MSG_NOSIGNAL), kConnectionRefused ECONNREFUSED, kConnectionReset
//   ECONNRESET, kTimedOut ETIMEDOUT, kNetworkUnreachable ENETUNREACH,
//   kDestinationRequired EDESTADDRREQ, kMessageTooLong EMSGSIZE,
//   kOperationNotSupported EOPNOTSUPP, kNoMemory ENOMEM (a full table; Linux
//   would say ENFILE/ENOBUFS). kAddressNotAvailable also means no ephemeral
//   port left, or (connect) the same four-tuple in use, as in Linux.
//
// connect(2) on top of this (stream sockets):
//   blocking:     r = connect(); if r is ok or kAlreadyInProgress, wait until
//                 connect_result() is not kWouldBlock and return that.
//   non-blocking: r = connect(); if !r.ok() return r; r = connect_result();
//                 kWouldBlock -> EINPROGRESS, else r. Completion: poll for
//                 writable, then getsockopt(SO_ERROR) = take_error(), or
//                 connect() again (ok once, then kAlreadyConnected).
//
// Waking: every socket has a wake generation that changes whenever its
// readiness may have changed. A blocking syscall does
//     for (;;) { r = op(); if (r != kWouldBlock) break;
//                g = wake_generation(h); if (still would block) sleep until g changes }
// and the hook set by set_wake_hook() is called (with the net lock held)
// for each such change, so the kernel can wake the socket's wait queue.
// poll() callers scan many sockets and wait on one queue for all of them;
// a socket's change needs to wake them only if it gained a bit the last
// poll scan of it did not see (pollers_may_wait_for()): every gain of a bit
// comes with a call of the hook after it, and a poller sleeps only on what
// its scan saw, so the first gain of anything it waits for is caught. Waking
// them on every change woke every poller of the system (httpd) for each
// segment of any connection.
// Traffic to a local address is delivered by Interface::poll(), not by the
// call that sent it: after a call that may send, the kernel runs poll()
// soon (kicks its net thread).
//
// Locking: all functions require the caller to hold the net lock.
#pragma once

#include "kernel/lib/result.h"
#include "net/iface/interface.h"

namespace akuma::net {

struct SocketHandle {
  uint32_t value = 0;  // generation << 16 | index; 0 is never a valid handle
  bool operator==(const SocketHandle& o) const { return value == o.value; }
};

enum class SocketType : uint8_t { kStream, kDatagram };

// shutdown(2)'s `how`, as bits: SHUT_RD = kRead, SHUT_WR = kWrite,
// SHUT_RDWR = kBoth.
enum class Shutdown : uint8_t { kRead = 1, kWrite = 2, kBoth = 3 };

enum SocketReadiness : uint32_t {
  kSocketReadable = 1,    // recv/accept would not block (POLLIN)
  kSocketWritable = 2,    // send would not block; connect finished (POLLOUT)
  kSocketHangup = 4,      // both directions shut, or no connection (POLLHUP)
  kSocketError = 8,       // an error is pending (POLLERR)
};

// setsockopt/getsockopt values the stack keeps.
struct SocketOptions {
  bool reuse_addr = false;  // SO_REUSEADDR: see "Ports"
  // TCP_NODELAY: no Nagle delay for the connection's small segments
  // (tcp_connection.h); inherited by accepted sockets, as in Linux.
  bool no_delay = false;
};

// SO_ERROR: the pending error, if any.
struct PendingError {
  bool pending = false;
  Error error = Error::kInvalidArgument;  // valid when pending
};

using SocketWakeHook = void (*)(void* context, SocketHandle handle);

// One open socket as `netstat` shows it.
struct SocketInfo {
  SocketHandle handle;
  SocketType type = SocketType::kStream;
  bool listening = false;
  tcp::TcpState state = tcp::TcpState::kClosed;  // stream sockets with a connection
  Endpoint local;                                // as local_endpoint(); port 0 = none
  Endpoint remote;                               // connected sockets
  uint32_t bytes_unread = 0;
  uint32_t bytes_unacked = 0;
  uint64_t datagrams_dropped = 0;                // datagram sockets: queue full
};

class SocketTable {
 public:
  static constexpr int kCapacity = 64;

  explicit SocketTable(Interface* iface);
  ~SocketTable();  // aborts whatever is still open
  SocketTable(const SocketTable&) = delete;
  SocketTable& operator=(const SocketTable&) = delete;

  Result<SocketHandle> socket(SocketType type);
  Result<SocketType> type(SocketHandle h) const;

  // kInvalidArgument when already bound (explicitly or by connect/listen/
  // send_to); kAddressNotAvailable, kExists: see "Addresses" and "Ports".
  Result<void> bind(SocketHandle h, Endpoint local);
  // kOperationNotSupported on datagram sockets; kInvalidArgument when
  // connected or connecting; kExists when another listener overlaps.
  Result<void> listen(SocketHandle h, uint32_t backlog, uint64_t now_ms);
  // A connected socket for the oldest ready connection; `peer` (optional)
  // gets its remote endpoint. kInvalidArgument when not listening,
  // kOperationNotSupported on datagram sockets.
  Result<SocketHandle> accept(SocketHandle h, Endpoint* peer);
  // Stream: starts the handshake and returns; completion shows as
  // kSocketWritable or kSocketError and connect_result() says which. A
  // second connect() while connecting is kAlreadyInProgress; once the
  // connection is up the first later connect() (or connect_result()) returns
  // ok and makes it connected, every one after that kAlreadyConnected. After
  // a failure: the pending error, then the socket may connect again.
  // Datagram: sets the peer (again: replaces it). remote.port 0:
  // kInvalidArgument. kNetworkUnreachable without a route, kInvalidArgument
  // from a socket bound to 127.x towards another host.
  Result<void> connect(SocketHandle h, Endpoint remote, uint64_t now_ms);
  // ok once connected; kWouldBlock while connecting; the pending error
  // (taken) on failure; kNotConnected when no connect was started.
  Result<void> connect_result(SocketHandle h);

  // Stream: queues up to n bytes (kWouldBlock when none fit). Datagram: one
  // datagram to the connected peer. Errors as in the header comment.
  Result<size_t> send(SocketHandle h, const uint8_t* data, size_t n, uint64_t now_ms);
  // Stream: up to n bytes, 0 = end of stream. Datagram: one datagram.
  Result<size_t> recv(SocketHandle h, uint8_t* out, size_t n, uint64_t now_ms);
  // Datagram: one datagram to `to`, whether connected or not; unbound
  // sockets get an ephemeral port. Stream: `to` is ignored, as Linux does.
  Result<size_t> send_to(SocketHandle h, Endpoint to, const uint8_t* data, size_t n,
                         uint64_t now_ms);
  // As recv; a datagram's source goes to `from` (optional). Stream sockets
  // leave `from` untouched (Linux returns no address for TCP).
  Result<size_t> recv_from(SocketHandle h, uint8_t* out, size_t n, Endpoint* from,
                           uint64_t now_ms);
  // Linux: connected (or connecting) sockets shut the direction(s) and
  // return ok; a connecting stream socket is disconnected instead; a
  // listener stops listening on kRead/kBoth (its port stays bound);
  // unconnected sockets record the shutdown and return kNotConnected.
  Result<void> shutdown(SocketHandle h, Shutdown how, uint64_t now_ms);
  // Graceful close; the handle is dead and the port free on return.
  Result<void> close(SocketHandle h, uint64_t now_ms);
  // Like close, but a TCP connection is reset (RST) instead of closed.
  Result<void> abort(SocketHandle h);

  // getsockname: the bound or connected local endpoint ({any, 0} unbound).
  Result<Endpoint> local_endpoint(SocketHandle h) const;
  // getpeername: kNotConnected unless connected (a stream connection in
  // SYN_SENT or gone is not).
  Result<Endpoint> remote_endpoint(SocketHandle h) const;
  Result<SocketOptions> options(SocketHandle h) const;
  Result<void> set_options(SocketHandle h, const SocketOptions& options);
  // getsockopt(SO_ERROR): the pending error, cleared by reading it.
  Result<PendingError> take_error(SocketHandle h);

  uint32_t readiness(SocketHandle h) const;  // SocketReadiness bits; 0 for bad handles
  // readiness() for a poll() scan, which it records (see "Waking").
  uint32_t poll(SocketHandle h);
  // A change of h (the wake hook's) may concern a poller: a poll scan has
  // seen the socket and it now reports something that scan did not, or it
  // has been closed.
  bool pollers_may_wait_for(SocketHandle h) const;
  uint64_t wake_generation(SocketHandle h) const;
  void set_wake_hook(SocketWakeHook hook, void* context) {
    wake_hook_ = hook;
    wake_context_ = context;
  }

  int open_count() const;
  // Fills `out` with up to `max` open sockets in slot order; returns how many.
  size_t list(SocketInfo* out, size_t max) const;

 private:
  struct Slot {
    bool used = false;
    uint16_t generation = 1;  // bumped on close
    SocketType type = SocketType::kStream;
    // The port this socket holds (port 0 = none) and its address (any or
    // one of ours). Accepted sockets hold none (see "Ports").
    Endpoint bound;
    bool auto_bound = false;  // by connect(): given back when it fails
    SocketOptions options;
    bool listening = false;
    bool connecting = false;  // stream: connect() started, not yet reported
    bool connected = false;   // stream: reported connected or accepted; datagram: has a peer
    bool shut_read = false;   // shutdown(kRead)
    bool shut_write = false;  // shutdown(kWrite)
    bool error_taken = false; // the connection's error was reported
    Endpoint peer;            // datagram sockets: the connected peer
    uint64_t wake_generation = 0;        // changes made by calls, not traffic
    bool polled = false;                 // a poll scan has seen this socket
    uint32_t poll_seen = 0;              // the readiness the last poll scan saw
    bool closed_after_poll = false;      // free: its last socket had been polled
    tcp::TcpConnection* conn = nullptr;  // stream sockets after listen/connect/accept
    int udp_slot = -1;                   // datagram sockets once bound
  };

  Slot* lookup(SocketHandle h);
  const Slot* lookup(SocketHandle h) const;
  Result<int> allocate(SocketType type);
  SocketHandle handle_of(const Slot* s) const;
  void release(Slot* s);
  void changed(Slot* s);  // readiness may have changed by a call: wake

  bool port_taken(const Slot* s, Endpoint local) const;
  Result<uint16_t> pick_ephemeral(SocketType type);
  Result<void> bind_endpoint(Slot* s, Endpoint local);
  Result<void> bind_if_unbound(Slot* s);
  // The destination as Linux reads it (0.0.0.0 = 127.0.0.1) and the source
  // address towards it.
  Result<Ipv4Address> source_for(const Slot* s, Endpoint* remote) const;

  Result<void> connect_stream(Slot* s, Endpoint remote, uint64_t now);
  Result<void> connect_datagram(Slot* s, Endpoint remote);
  // The connection's error if it failed and nobody reported it yet.
  bool error_pending(const Slot* s) const;
  Error take_connection_error(Slot* s);
  void disconnect(Slot* s);  // forget a failed or aborted connection
  Result<size_t> send_stream(Slot* s, const uint8_t* data, size_t n, uint64_t now);
  Result<size_t> recv_stream(Slot* s, uint8_t* out, size_t n, uint64_t now);
  Result<size_t> send_datagram(Slot* s, Endpoint to, const uint8_t* data, size_t n,
                               uint64_t now);
  uint32_t stream_readiness(const Slot* s) const;

  static void on_tcp_wake(void* context, void* tag);
  static void on_udp_wake(void* context, int udp_slot);

  Interface* iface_;
  Slot slots_[kCapacity];               // guarded by the net lock
  uint16_t next_ephemeral_ = tcp::kEphemeralFirst;  // guarded by the net lock
  SocketWakeHook wake_hook_ = nullptr;  // guarded by the net lock
  void* wake_context_ = nullptr;        // guarded by the net lock
};

}  // namespace akuma::net
