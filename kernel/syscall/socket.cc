// Socket syscalls: sockets are one more kind of fd (kSocketOps), holding a
// net::SocketHandle. Each call validates its arguments, resolves the fd to
// a handle, and delegates to the socket table under the net lock
// (kernel/net/net.h).
//
// Blocking calls (accept, connect, send, recv, and read/write on a socket
// fd; accept/send/recv only without kMsgDontWait) retry the non-blocking table call and wait on the socket's wait queue
// (woken by the stack's wake hook) with the net lock held from the check to
// the wait, so no wake-up is lost. A kill interrupts the wait: the call
// ABORTS its socket at once, so a killed accept() frees its port before the
// process has even finished dying, and returns EINTR.
//
// Closing: close() is graceful (FIN); the fd close that exit runs for a
// killed process aborts (RST). Either way the port is free on return.
#include "kernel/mm/address_space.h"
#include "kernel/net/net.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/socket_fd.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

using knet::NetLock;
using net::SocketHandle;

constexpr size_t kChunk = 2048;  // bytes copied per table call

SocketHandle handle_of(const proc::File& f) {
  return SocketHandle{static_cast<uint32_t>(reinterpret_cast<uintptr_t>(f.data))};
}

// How a call that would block behaves: kWait blocks (the default),
// kDontWait returns kWouldBlock (EAGAIN; the kMsgDontWait flag).
enum class Blocking : uint8_t { kWait, kDontWait };

Result<Blocking> blocking_of(uint64_t flags) {
  if ((flags & ~abi::kMsgDontWait) != 0) return Error::kInvalidArgument;
  return (flags & abi::kMsgDontWait) != 0 ? Blocking::kDontWait : Blocking::kWait;
}

// Retries `op` until it stops saying kWouldBlock (kDontWait: returns that).
// Net lock held. A kill aborts the socket (its port is free at once) and
// gives kInterrupted.
template <typename Op>
auto blocking(SocketHandle h, Op op, Blocking mode = Blocking::kWait) -> decltype(op()) {
  for (;;) {
    auto r = op();
    if (r.ok() || r.error() != Error::kWouldBlock || mode == Blocking::kDontWait) return r;
    Result<void> w = knet::socket_waiters(h).wait(sched::Wait::kInterruptible);
    if (!w.ok()) {
      (void)knet::sockets().abort(h);
      knet::kick();
      return w.error();
    }
  }
}

// kDontWait: queues what fits now; kWouldBlock only when nothing did.
Result<size_t> send_bytes(proc::Process& p, SocketHandle h, uint64_t ubuf, size_t len,
                          const char* kbuf, Blocking mode = Blocking::kWait) {
  size_t done = 0;
  uint8_t buf[kChunk];
  while (done < len) {
    size_t n = min(len - done, kChunk);
    if (kbuf != nullptr) {
      for (size_t i = 0; i < n; ++i) buf[i] = static_cast<uint8_t>(kbuf[done + i]);
    } else {
      Result<void> c = copy_from_user(*p.space, buf, ubuf + done, n);
      if (!c.ok()) return done ? Result<size_t>(done) : Result<size_t>(c.error());
    }
    size_t off = 0;
    while (off < n) {
      NetLock lock;
      auto sent = blocking(
          h, [&] { return knet::sockets().send(h, buf + off, n - off, knet::now_ms()); }, mode);
      knet::kick();  // a retransmission timer may be armed
      if (!sent.ok()) return done + off ? Result<size_t>(done + off) : sent;
      off += sent.value();
      if (mode == Blocking::kDontWait && off < n) return done + off;  // the send buffer is full
    }
    done += n;
  }
  return done;
}

Result<size_t> recv_bytes(SocketHandle h, uint8_t* buf, size_t len, Blocking mode = Blocking::kWait) {
  NetLock lock;
  auto r = blocking(h, [&] { return knet::sockets().recv(h, buf, len, knet::now_ms()); }, mode);
  knet::kick();  // a window update may be due
  return r;
}

Result<size_t> socket_read(proc::File& f, proc::Process&, char* buf, size_t len) {
  return recv_bytes(handle_of(f), reinterpret_cast<uint8_t*>(buf), len);
}

Result<size_t> socket_write(proc::File& f, proc::Process& p, const char* buf, size_t len) {
  return send_bytes(p, handle_of(f), 0, len, buf);
}

void socket_close(proc::File& f, proc::Process&) {
  SocketHandle h = handle_of(f);
  NetLock lock;
  // Already aborted by an interrupted call: the stale handle is refused.
  if (sched::interrupt_pending()) {
    (void)knet::sockets().abort(h);
  } else {
    (void)knet::sockets().close(h, knet::now_ms());
  }
  knet::kick();
}

}  // namespace

const proc::FileOps kSocketOps = {"socket", socket_read, socket_write, socket_close};

Result<SocketHandle> resolve_socket(proc::Process& p, uint64_t fd) {
  if (!knet::up()) return Error::kNotSupported;
  proc::File* f = TRY(p.fds.get(static_cast<int>(fd)));
  if (f->ops != &kSocketOps) return Error::kBadDescriptor;
  return handle_of(*f);
}

namespace {

// A new fd for socket h; when the fd table is full, h is aborted. Net lock held.
Result<size_t> open_fd(proc::Process& p, SocketHandle h) {
  auto fd = p.fds.open(&kSocketOps, reinterpret_cast<void*>(static_cast<uintptr_t>(h.value)));
  if (!fd.ok()) {
    (void)knet::sockets().abort(h);
    return fd.error();
  }
  return static_cast<size_t>(fd.value());
}

int64_t ret(const Result<size_t>& r) { return r.ok() ? static_cast<int64_t>(r.value()) : to_socket_errno(r.error()); }
int64_t ret(const Result<void>& r) { return r.ok() ? 0 : to_socket_errno(r.error()); }

}  // namespace

int64_t sys_socket(const Args& a) {
  proc::Process& p = proc::current_process();
  uint64_t type = a.a[0];
  auto r = [&]() -> Result<size_t> {
    if (type != abi::kSockStream && type != abi::kSockDgram) return Error::kInvalidArgument;
    if (!knet::up()) return Error::kNotSupported;
    NetLock lock;
    SocketHandle h = TRY(knet::sockets().socket(type == abi::kSockStream ? net::SocketType::kStream
                                                                          : net::SocketType::kDatagram));
    return open_fd(p, h);
  }();
  return ret(r);
}

int64_t sys_bind(const Args& a) {
  proc::Process& p = proc::current_process();
  uint64_t port = a.a[1];
  auto r = [&]() -> Result<void> {
    if (port == 0 || port > 0xffff) return Error::kInvalidArgument;
    SocketHandle h = TRY(resolve_socket(p, a.a[0]));
    NetLock lock;
    return knet::sockets().bind(h, static_cast<uint16_t>(port));
  }();
  return ret(r);
}

int64_t sys_listen(const Args& a) {
  proc::Process& p = proc::current_process();
  uint64_t backlog = a.a[1];
  auto r = [&]() -> Result<void> {
    if (backlog == 0 || backlog > 64) return Error::kInvalidArgument;
    SocketHandle h = TRY(resolve_socket(p, a.a[0]));
    NetLock lock;
    return knet::sockets().listen(h, static_cast<uint32_t>(backlog), knet::now_ms());
  }();
  return ret(r);
}

int64_t sys_accept(const Args& a) {
  proc::Process& p = proc::current_process();
  UserPtr<abi::SockAddr> upeer{a.a[1]};
  auto r = [&]() -> Result<size_t> {
    Blocking mode = TRY(blocking_of(a.a[2]));
    SocketHandle h = TRY(resolve_socket(p, a.a[0]));
    net::Endpoint peer;
    size_t fd;
    {
      NetLock lock;
      SocketHandle child = TRY(blocking(h, [&] { return knet::sockets().accept(h, &peer); }, mode));
      fd = TRY(open_fd(p, child));
    }
    if (upeer.addr != 0) {
      abi::SockAddr out{peer.addr.value, peer.port, 0};
      // The connection is the caller's now; a bad pointer only loses the address.
      (void)upeer.write(*p.space, out);
    }
    return fd;
  }();
  return ret(r);
}

int64_t sys_connect(const Args& a) {
  proc::Process& p = proc::current_process();
  UserPtr<abi::SockAddr> uaddr{a.a[1]};
  auto r = [&]() -> Result<void> {
    abi::SockAddr to = TRY(uaddr.read(*p.space));
    if (to.port == 0) return Error::kInvalidArgument;
    SocketHandle h = TRY(resolve_socket(p, a.a[0]));
    NetLock lock;
    net::Endpoint remote{net::Ipv4Address{to.addr}, to.port};
    TRY(knet::sockets().connect(h, remote, knet::now_ms()));
    knet::kick();  // the SYN's retransmission timer
    return blocking(h, [&] { return knet::sockets().connect_result(h); });
  }();
  return ret(r);
}

int64_t sys_send(const Args& a) {
  proc::Process& p = proc::current_process();
  auto r = [&]() -> Result<size_t> {
    Blocking mode = TRY(blocking_of(a.a[3]));
    SocketHandle h = TRY(resolve_socket(p, a.a[0]));
    return send_bytes(p, h, a.a[1], a.a[2], nullptr, mode);
  }();
  return ret(r);
}

int64_t sys_recv(const Args& a) {
  proc::Process& p = proc::current_process();
  uint64_t ubuf = a.a[1];
  size_t len = min<size_t>(a.a[2], kChunk);
  auto r = [&]() -> Result<size_t> {
    Blocking mode = TRY(blocking_of(a.a[3]));
    SocketHandle h = TRY(resolve_socket(p, a.a[0]));
    if (len == 0) return size_t{0};
    // Check the whole destination first, so received data is never lost.
    TRY(check_user_writable(*p.space, ubuf, len));
    uint8_t buf[kChunk];
    size_t n = TRY(recv_bytes(h, buf, len, mode));
    TRY(copy_to_user(*p.space, ubuf, buf, n));
    return n;
  }();
  return ret(r);
}

int64_t sys_shutdown(const Args& a) {
  proc::Process& p = proc::current_process();
  auto r = [&]() -> Result<void> {
    SocketHandle h = TRY(resolve_socket(p, a.a[0]));
    NetLock lock;
    TRY(knet::sockets().shutdown_send(h, knet::now_ms()));
    knet::kick();
    return {};
  }();
  return ret(r);
}

int64_t sys_net_stats(const Args& a) {
  proc::Process& p = proc::current_process();
  UserPtr<abi::NetStats> uout{a.a[0]};
  auto r = [&]() -> Result<void> {
    if (!knet::up()) return Error::kNotSupported;
    abi::NetStats out{};
    static_assert(static_cast<int>(net::DropReason::kCount) <= abi::kNetDropReasons);
    {
      NetLock lock;
      const net::Counters& c = knet::iface().counters();
      out.address = knet::iface().config().address.value;
      out.gateway = knet::iface().config().gateway.value;
      out.rx_packets = c.rx_packets;
      out.rx_bytes = c.rx_bytes;
      out.tx_packets = c.tx_packets;
      out.tx_bytes = c.tx_bytes;
      out.tx_errors = c.tx_errors;
      for (int i = 0; i < static_cast<int>(net::DropReason::kCount); ++i) out.drops[i] = c.drops[i];
      out.tcp_connections = static_cast<uint32_t>(knet::iface().tcp().connection_count());
      out.open_sockets = static_cast<uint32_t>(knet::sockets().open_count());
    }
    return uout.write(*p.space, out);
  }();
  return ret(r);
}

int64_t sys_socket_list(const Args& a) {
  proc::Process& p = proc::current_process();
  uint64_t uout = a.a[0];
  size_t max = min<size_t>(a.a[1], net::SocketTable::kCapacity);
  auto r = [&]() -> Result<size_t> {
    if (!knet::up()) return Error::kNotSupported;
    net::SocketInfo infos[net::SocketTable::kCapacity];
    size_t n;
    {
      NetLock lock;
      n = knet::sockets().list(infos, max);
    }
    for (size_t i = 0; i < n; ++i) {
      const net::SocketInfo& s = infos[i];
      abi::SocketEntry e{};
      e.id = s.handle.value;
      e.type = s.type == net::SocketType::kStream ? abi::kSockStream : abi::kSockDgram;
      e.listening = s.listening;
      e.tcp_state = static_cast<uint8_t>(s.state);
      e.local_port = s.local_port;
      e.remote_port = s.remote.port;
      e.remote_addr = s.remote.addr.value;
      e.bytes_unread = s.bytes_unread;
      e.bytes_unacked = s.bytes_unacked;
      TRY(copy_to_user(*p.space, uout + i * sizeof e, &e, sizeof e));
    }
    return n;
  }();
  return ret(r);
}

int64_t sys_ping(const Args& a) {
  uint64_t addr = a.a[0];
  uint64_t sequence = a.a[1];
  uint64_t timeout_ms = a.a[2];
  auto r = [&]() -> Result<size_t> {
    if (addr > 0xffffffff || sequence > 0xffff || timeout_ms == 0 || timeout_ms > 60000) {
      return Error::kInvalidArgument;
    }
    return static_cast<size_t>(TRY(knet::ping(net::Ipv4Address{static_cast<uint32_t>(addr)},
                                              static_cast<uint16_t>(sequence), timeout_ms)));
  }();
  return ret(r);
}

}  // namespace akuma::syscall
