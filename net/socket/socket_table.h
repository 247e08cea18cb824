// The fd-facing socket layer: a fixed table of sockets addressed by
// generation-counted handles, with non-blocking calls that return
// Error::kWouldBlock where a blocking call would sleep. The kernel wraps each
// call in a wait-queue loop (see "Waking" below) and maps Errors to errno
// at the syscall boundary (kExists -> EADDRINUSE, kWouldBlock -> EAGAIN, ...).
//
// Handles: {index, generation}. Closing a socket bumps its slot's
// generation, so a stale handle (a dead process's fd racing a new socket in
// the same slot) gets kBadDescriptor instead of someone else's socket.
//
// Ports: bind() fails with kExists while another open socket of the same
// type has that port bound; close() and abort() free it at once. TCP
// connections that outlive close() (FIN_WAIT, TIME_WAIT) never hold a
// bound port, so a new listener can always take it (see net/tcp/tcp_stack.h).
//
// Waking: every socket has a wake generation that changes whenever its
// readiness may have changed. A blocking syscall does
//     for (;;) { r = op(); if (r != kWouldBlock) break;
//                g = wake_generation(h); if (still would block) sleep until g changes }
// and the hook set by set_wake_hook() is called (with the net lock held)
// for each such change, so the kernel can wake the socket's wait queue.
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

enum SocketReadiness : uint32_t {
  kSocketReadable = 1,    // recv/accept would not block
  kSocketWritable = 2,    // send would not block; connect finished
  kSocketHangup = 4,      // both sides sent FIN, or connection gone (a peer FIN alone: readable)
  kSocketError = 8,       // reset, refused or timed out
};

using SocketWakeHook = void (*)(void* context, SocketHandle handle);

// One open socket as `netstat` shows it.
struct SocketInfo {
  SocketHandle handle;
  SocketType type = SocketType::kStream;
  bool listening = false;
  tcp::TcpState state = tcp::TcpState::kClosed;  // stream sockets with a connection
  uint16_t local_port = 0;                       // bound or connection's port, 0 = none
  Endpoint remote;                               // connected stream sockets
  uint32_t bytes_unread = 0;
  uint32_t bytes_unacked = 0;
};

class SocketTable {
 public:
  static constexpr int kCapacity = 64;

  explicit SocketTable(Interface* iface);
  ~SocketTable();  // aborts whatever is still open
  SocketTable(const SocketTable&) = delete;
  SocketTable& operator=(const SocketTable&) = delete;

  Result<SocketHandle> socket(SocketType type);
  Result<void> bind(SocketHandle h, uint16_t port);
  Result<void> listen(SocketHandle h, uint32_t backlog, uint64_t now_ms);
  Result<SocketHandle> accept(SocketHandle h, Endpoint* peer);
  // Starts the handshake and returns; completion shows as kSocketWritable
  // (or kSocketError), and connect_result() says which.
  Result<void> connect(SocketHandle h, Endpoint remote, uint64_t now_ms);
  Result<void> connect_result(SocketHandle h);
  Result<size_t> send(SocketHandle h, const uint8_t* data, size_t n, uint64_t now_ms);
  // 0 = end of stream.
  Result<size_t> recv(SocketHandle h, uint8_t* out, size_t n, uint64_t now_ms);
  Result<size_t> send_to(SocketHandle h, Endpoint to, const uint8_t* data, size_t n,
                         uint64_t now_ms);
  Result<size_t> recv_from(SocketHandle h, uint8_t* out, size_t n, Endpoint* from);
  Result<void> shutdown_send(SocketHandle h, uint64_t now_ms);
  // Graceful close; the handle is dead and the port free on return.
  Result<void> close(SocketHandle h, uint64_t now_ms);
  // Like close, but a TCP connection is reset (RST) instead of closed.
  Result<void> abort(SocketHandle h);

  uint32_t readiness(SocketHandle h) const;  // SocketReadiness bits; 0 for bad handles
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
    uint16_t bound_port = 0;  // explicitly bound port, 0 = none
    bool listening = false;
    tcp::TcpConnection* conn = nullptr;  // stream sockets after listen/connect/accept
    int udp_slot = -1;                   // datagram sockets after bind
  };

  Slot* lookup(SocketHandle h);
  const Slot* lookup(SocketHandle h) const;
  Result<int> allocate(SocketType type);
  SocketHandle handle_of(const Slot* s) const;
  void release(Slot* s);
  static void on_tcp_wake(void* context, void* tag);
  static void on_udp_wake(void* context, int udp_slot);

  Interface* iface_;
  Slot slots_[kCapacity];          // guarded by the net lock
  SocketWakeHook wake_hook_ = nullptr;  // guarded by the net lock
  void* wake_context_ = nullptr;   // guarded by the net lock
};

}  // namespace akuma::net
