// Socket syscalls (BSD sockets, AF_INET): a socket is one more kind of open
// file (kSocketOps) holding a net::SocketHandle. Each call validates its
// arguments, resolves the fd to a handle, and delegates to the socket table
// under the net lock (kernel/net/net.h); net/socket/socket_table.h states the
// Linux semantics the table implements.
//
// Blocking calls (accept, connect, send, recv, and read/write on a socket
// fd, unless O_NONBLOCK or MSG_DONTWAIT) retry the non-blocking table call
// and wait on the socket's wait queue (woken by the stack's wake hook) with
// the net lock held from the check to the wait, so no wake-up is lost. A kill
// interrupts the wait: the call returns EINTR and the process dies on its way
// out; its descriptors close at exit, and the last close of a socket frees
// its port at once.
#include "kernel/lib/string.h"
#include "kernel/mm/address_space.h"
#include "kernel/net/net.h"
#include "kernel/proc/api.h"
#include "kernel/sched/readiness.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/file_io.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/socket_fd.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

using knet::NetLock;
using net::SocketHandle;

constexpr size_t kChunk = 2048;  // bytes copied per table call
constexpr int kMaxBacklog = 64;

// A port someone else holds is "address in use" for sockets (EEXIST elsewhere).
template <typename T>
int64_t socket_return(const Result<T>& r) {
  if (!r.ok() && r.error() == Error::kExists) return -abi::err::kEADDRINUSE;
  return to_return(r);
}

SocketHandle handle_of(const proc::OpenFile& f) {
  return SocketHandle{static_cast<uint32_t>(reinterpret_cast<uintptr_t>(f.data))};
}

// Retries `op` while it says kWouldBlock, waiting on the socket's queue
// (unless `dont_wait`: then kWouldBlock, EAGAIN). Net lock held.
template <typename Op>
AKUMA_REQUIRES(knet::net_lock()) auto blocking(SocketHandle h, bool dont_wait, Op op) -> decltype(op()) {
  for (;;) {
    auto r = op();
    if (r.ok() || r.error() != Error::kWouldBlock || dont_wait) return r;
    Result<void> w = knet::socket_waiters(h).wait_unlocking(knet::net_lock(), sched::Wait::kInterruptible);
    if (!w.ok()) return w.error();
  }
}

Result<size_t> send_bytes(SocketHandle h, const uint8_t* buf, size_t n, bool dont_wait, const net::Endpoint* to) {
  size_t off = 0;
  while (off < n) {
    NetLock lock;
    auto sent = blocking(h, dont_wait, [&] {
      return to ? knet::sockets().send_to(h, *to, buf + off, n - off, knet::now_ms())
                : knet::sockets().send(h, buf + off, n - off, knet::now_ms());
    });
    knet::kick();  // a retransmission timer may be armed
    if (!sent.ok()) return off ? Result<size_t>(off) : sent;
    off += sent.value();
    if (dont_wait || to) break;  // datagrams go whole; non-blocking takes what fits
  }
  return off;
}

Result<size_t> recv_bytes(SocketHandle h, uint8_t* buf, size_t len, bool dont_wait, net::Endpoint* from) {
  NetLock lock;
  auto r = blocking(h, dont_wait, [&] { return knet::sockets().recv_from(h, buf, len, from, knet::now_ms()); });
  knet::kick();  // a window update may be due
  return r;
}

Result<size_t> socket_read(proc::OpenFile& f, char* buf, size_t len) {
  return recv_bytes(handle_of(f), reinterpret_cast<uint8_t*>(buf), len, f.nonblocking(), nullptr);
}

Result<size_t> socket_write(proc::OpenFile& f, const char* buf, size_t len) {
  return send_bytes(handle_of(f), reinterpret_cast<const uint8_t*>(buf), len, f.nonblocking(), nullptr);
}

uint32_t socket_poll(proc::OpenFile& f) {
  NetLock lock;
  uint32_t r = knet::sockets().poll(handle_of(f));
  uint32_t out = 0;
  if (r & net::kSocketReadable) out |= proc::kReadable;
  if (r & net::kSocketWritable) out |= proc::kWritable;
  if (r & net::kSocketError) out |= proc::kErrorReady;
  if (r & net::kSocketHangup) out |= proc::kHangup;
  return out;
}

void socket_stat(proc::OpenFile& f, proc::FileStat* out) {
  out->ino = handle_of(f).value;
  out->mode = 0140000 | 0777;  // S_IFSOCK, as Linux shows sockets
  out->dev_minor = 8;          // sockfs: an anonymous device, as on Linux
}

void socket_close(proc::OpenFile& f) {
  NetLock lock;
  (void)knet::sockets().close(handle_of(f), knet::now_ms());
  knet::kick();
}

}  // namespace

const proc::FileOps kSocketOps = {"socket", socket_read, socket_write, nullptr, socket_poll, nullptr,
                                  socket_stat, socket_close};

bool is_socket(const proc::OpenFile& f) { return f.ops == &kSocketOps; }

namespace {

abi::SockaddrIn to_sockaddr(net::Ipv4Address a) {
  return abi::SockaddrIn{abi::kAfInet, 0, __builtin_bswap32(a.value), {}};
}

}  // namespace

// The interface controls programs and the conformance init use to see and
// set up "lo" and "eth0": SIOCGIFFLAGS/SIOCSIFFLAGS, SIOCGIFADDR/SIOCSIFADDR,
// SIOCGIFNETMASK/SIOCSIFNETMASK, and SIOCADDRT for the default route.
// Interfaces are always up; setting an address or route on eth0 configures it
// by hand (as `ip addr` / `ip route` would).
Result<int64_t> interface_ioctl(uint64_t cmd, uint64_t arg) {
  AddressSpace& space = user_space();
  if (cmd == abi::kSIOCADDRT) {
    abi::Rtentry rt = TRY(UserPtr<abi::Rtentry>{arg}.read(space));
    // The default route only: destination 0.0.0.0, via a gateway on eth0.
    if (rt.dst.addr_be != 0 || !(rt.flags & abi::kRtfGateway)) return Error::kInvalidArgument;
    NetLock lock;
    if (!knet::has_nic()) return Error::kNetworkUnreachable;
    net::IpConfig c = knet::iface().config();
    c.gateway = net::Ipv4Address{__builtin_bswap32(rt.gateway.addr_be)};
    knet::iface().set_config(c);
    return 0;
  }
  abi::Ifreq req = TRY(UserPtr<abi::Ifreq>{arg}.read(space));
  req.name[15] = '\0';
  bool lo = string_equal(req.name, "lo");
  bool eth0 = string_equal(req.name, "eth0");
  if (!lo && !(eth0 && knet::has_nic())) return Error::kNoDevice;
  const net::Ipv4Address lo_mask = net::Ipv4Address::from(255, 0, 0, 0);
  NetLock lock;
  net::IpConfig c = knet::iface().config();
  switch (cmd) {
    case abi::kSIOCGIFFLAGS:
      req.flags = lo ? (abi::kIffUp | abi::kIffLoopback | abi::kIffRunning)
                     : (abi::kIffUp | abi::kIffBroadcast | abi::kIffRunning | abi::kIffMulticast);
      break;
    case abi::kSIOCSIFFLAGS:
      if (!(req.flags & abi::kIffUp)) return Error::kOperationNotSupported;  // interfaces stay up
      return 0;
    case abi::kSIOCGIFADDR:
      req.addr = to_sockaddr(lo ? net::Ipv4Address::loopback() : c.address);
      break;
    case abi::kSIOCGIFNETMASK:
      req.addr = to_sockaddr(lo ? lo_mask : c.netmask);
      break;
    case abi::kSIOCSIFADDR:
    case abi::kSIOCSIFNETMASK: {
      if (req.addr.family != abi::kAfInet) return Error::kInvalidArgument;
      net::Ipv4Address a{__builtin_bswap32(req.addr.addr_be)};
      bool address = cmd == abi::kSIOCSIFADDR;
      if (lo) {  // lo keeps 127.0.0.1/8
        if (a == (address ? net::Ipv4Address::loopback() : lo_mask)) return 0;
        return Error::kOperationNotSupported;
      }
      (address ? c.address : c.netmask) = a;
      knet::iface().set_config(c);
      return 0;
    }
    default:
      return Error::kNotTerminal;
  }
  TRY(UserPtr<abi::Ifreq>{arg}.write(space, req));
  return 0;
}

Result<SocketHandle> resolve_socket(uint64_t fd) {
  proc::FileRef f = TRY(proc::current_process().fds.get(static_cast<int>(fd)));
  if (f->ops != &kSocketOps) return Error::kNotSocket;
  return handle_of(*f);
}

namespace {

Result<proc::FileRef> socket_file(int fd) {
  proc::FileRef f = TRY(proc::current_process().fds.get(fd));
  if (f->ops != &kSocketOps) return Error::kNotSocket;
  return f;
}

// A new fd for socket h (the socket is closed if no fd can hold it).
Result<int> install_socket(SocketHandle h, int flags) {
  auto f = proc::open_file(&kSocketOps, reinterpret_cast<void*>(static_cast<uintptr_t>(h.value)),
                           abi::kORdwr | (flags & abi::kSockNonblock));
  if (!f.ok()) {
    NetLock lock;
    (void)knet::sockets().close(h, knet::now_ms());
    return f.error();
  }
  return proc::current_process().fds.install(f.value(), flags & abi::kSockCloexec);
}

Result<net::Endpoint> read_sockaddr(uint64_t uaddr, uint64_t len) {
  if (len < sizeof(abi::SockaddrIn)) return Error::kInvalidArgument;
  abi::SockaddrIn sa = TRY(UserPtr<abi::SockaddrIn>{uaddr}.read(user_space()));
  if (sa.family != abi::kAfInet) return Error::kAddressFamily;
  return net::Endpoint{net::Ipv4Address{__builtin_bswap32(sa.addr_be)}, __builtin_bswap16(sa.port_be)};
}

// Writes a sockaddr_in to (uaddr, *ulen) as Linux does: truncated to the
// caller's length, which becomes the full size. Both may be 0 (no address).
Result<void> write_sockaddr(uint64_t uaddr, uint64_t ulen, const net::Endpoint& e) {
  if (uaddr == 0) return {};
  int len = TRY(UserPtr<int>{ulen}.read(user_space()));
  if (len < 0) return Error::kInvalidArgument;
  abi::SockaddrIn sa{abi::kAfInet, __builtin_bswap16(e.port), __builtin_bswap32(e.addr.value), {}};
  size_t n = static_cast<size_t>(len) < sizeof(sa) ? static_cast<size_t>(len) : sizeof(sa);
  TRY(copy_to_user(user_space(), uaddr, &sa, n));
  return UserPtr<int>{ulen}.write(user_space(), static_cast<int>(sizeof(sa)));
}

// Checks (uaddr, ulen) can take an address before a call that consumes
// something (accept, recvfrom), so a bad pointer loses nothing.
Result<void> check_sockaddr_out(uint64_t uaddr, uint64_t ulen) {
  if (uaddr == 0) return {};
  int len = TRY(UserPtr<int>{ulen}.read(user_space()));
  if (len < 0) return Error::kInvalidArgument;
  TRY(check_user_writable(user_space(), ulen, sizeof(int)));
  size_t n = static_cast<size_t>(len) < sizeof(abi::SockaddrIn) ? static_cast<size_t>(len) : sizeof(abi::SockaddrIn);
  return check_user_writable(user_space(), uaddr, n);
}

int64_t accept_common(int fd, uint64_t uaddr, uint64_t ulen, int flags) {
  auto r = [&]() -> Result<int> {
    if (flags & ~(abi::kSockNonblock | abi::kSockCloexec)) return Error::kInvalidArgument;
    proc::FileRef f = TRY(socket_file(fd));
    SocketHandle h = handle_of(*f);
    TRY(check_sockaddr_out(uaddr, ulen));
    net::Endpoint peer;
    SocketHandle child;
    {
      NetLock lock;
      child = TRY(blocking(h, f->nonblocking(), [&] { return knet::sockets().accept(h, &peer); }));
    }
    int newfd = TRY(install_socket(child, flags));
    (void)write_sockaddr(uaddr, ulen, peer);  // checked above
    return newfd;
  }();
  return socket_return(r);
}

}  // namespace

int64_t sys_socket(const Args& a) {
  int domain = a.i32(0), type = a.i32(1), protocol = a.i32(2);
  auto r = [&]() -> Result<int> {
    if (domain != abi::kAfInet) return Error::kAddressFamily;
    int kind = type & abi::kSockTypeMask;
    if (type & ~(abi::kSockTypeMask | abi::kSockNonblock | abi::kSockCloexec)) return Error::kInvalidArgument;
    net::SocketType st;
    if (kind == abi::kSockStream && (protocol == 0 || protocol == abi::kIpprotoTcp)) {
      st = net::SocketType::kStream;
    } else if (kind == abi::kSockDgram && (protocol == 0 || protocol == abi::kIpprotoUdp)) {
      st = net::SocketType::kDatagram;
    } else {
      return Error::kProtocolNotSupported;
    }
    SocketHandle h;
    {
      NetLock lock;
      h = TRY(knet::sockets().socket(st));
    }
    return install_socket(h, type);
  }();
  return socket_return(r);
}

int64_t sys_bind(const Args& a) {
  auto r = [&]() -> Result<void> {
    SocketHandle h = TRY(resolve_socket(a.a[0]));
    net::Endpoint local = TRY(read_sockaddr(a.a[1], a.a[2]));
    NetLock lock;
    return knet::sockets().bind(h, local);
  }();
  return socket_return(r);
}

int64_t sys_listen(const Args& a) {
  auto r = [&]() -> Result<void> {
    SocketHandle h = TRY(resolve_socket(a.a[0]));
    // Linux takes any backlog: negative or huge means its maximum.
    int backlog = a.i32(1);
    if (backlog < 0 || backlog > kMaxBacklog) backlog = kMaxBacklog;
    NetLock lock;
    return knet::sockets().listen(h, static_cast<uint32_t>(backlog == 0 ? 1 : backlog), knet::now_ms());
  }();
  return socket_return(r);
}

int64_t sys_accept(const Args& a) { return accept_common(a.i32(0), a.a[1], a.a[2], 0); }
int64_t sys_accept4(const Args& a) { return accept_common(a.i32(0), a.a[1], a.a[2], a.i32(3)); }

int64_t sys_connect(const Args& a) {
  auto r = [&]() -> Result<void> {
    proc::FileRef f = TRY(socket_file(a.i32(0)));
    SocketHandle h = handle_of(*f);
    net::Endpoint remote = TRY(read_sockaddr(a.a[1], a.a[2]));
    NetLock lock;
    Result<void> started = knet::sockets().connect(h, remote, knet::now_ms());
    knet::kick();  // the SYN's retransmission timer
    if (TRY(knet::sockets().type(h)) == net::SocketType::kDatagram) return started;
    if (!started.ok() && started.error() != Error::kAlreadyInProgress) return started;
    if (f->nonblocking()) {
      if (!started.ok()) return started;  // EALREADY
      Result<void> done = knet::sockets().connect_result(h);
      if (!done.ok() && done.error() == Error::kWouldBlock) return Error::kInProgress;
      return done;
    }
    return blocking(h, false, [&] { return knet::sockets().connect_result(h); });
  }();
  return socket_return(r);
}

int64_t sys_getsockname(const Args& a) {
  auto r = [&]() -> Result<void> {
    SocketHandle h = TRY(resolve_socket(a.a[0]));
    net::Endpoint e;
    {
      NetLock lock;
      e = TRY(knet::sockets().local_endpoint(h));
    }
    if (a.a[1] == 0) return Error::kBadAddress;
    return write_sockaddr(a.a[1], a.a[2], e);
  }();
  return socket_return(r);
}

int64_t sys_getpeername(const Args& a) {
  auto r = [&]() -> Result<void> {
    SocketHandle h = TRY(resolve_socket(a.a[0]));
    net::Endpoint e;
    {
      NetLock lock;
      e = TRY(knet::sockets().remote_endpoint(h));
    }
    if (a.a[1] == 0) return Error::kBadAddress;
    return write_sockaddr(a.a[1], a.a[2], e);
  }();
  return socket_return(r);
}

int64_t sys_sendto(const Args& a) {
  int flags = a.i32(3);
  bool no_signal = flags & abi::kMsgNosignal;
  auto r = [&]() -> Result<size_t> {
    constexpr int kMsgMore = 0x8000;
    if (flags & ~(abi::kMsgDontwait | abi::kMsgNosignal | kMsgMore | abi::kMsgWaitall)) return Error::kOperationNotSupported;
    proc::FileRef f = TRY(socket_file(a.i32(0)));
    SocketHandle h = handle_of(*f);
    net::Endpoint to;
    bool has_to = a.a[4] != 0;
    if (has_to) to = TRY(read_sockaddr(a.a[4], a.a[5]));
    // Stream sockets ignore a destination (Linux's TCP does).
    if (has_to) {
      NetLock lock;
      if (TRY(knet::sockets().type(h)) == net::SocketType::kStream) has_to = false;
    }
    bool dont_wait = f->nonblocking() || (flags & abi::kMsgDontwait);
    size_t len = a.a[2];
    if (has_to) {
      // One datagram: it must fit the stack's largest.
      uint8_t buf[kChunk];
      if (len > sizeof(buf)) return Error::kMessageTooLong;
      TRY(copy_from_user(user_space(), buf, a.a[1], len));
      return send_bytes(h, buf, len, dont_wait, &to);
    }
    size_t done = 0;
    uint8_t buf[kChunk];
    while (done < len || len == 0) {
      size_t n = min(len - done, kChunk);
      Result<void> c = copy_from_user(user_space(), buf, a.a[1] + done, n);
      if (!c.ok()) return done ? Result<size_t>(done) : Result<size_t>(c.error());
      auto sent = send_bytes(h, buf, n, dont_wait, nullptr);
      if (!sent.ok()) return done ? Result<size_t>(done) : sent;
      done += sent.value();
      if (sent.value() < n || len == 0) break;
    }
    return done;
  }();
  return write_return(r, no_signal);
}

int64_t sys_recvfrom(const Args& a) {
  int flags = a.i32(3);
  uint64_t ubuf = a.a[1];
  size_t len = a.a[2];
  auto r = [&]() -> Result<size_t> {
    if (flags & ~(abi::kMsgDontwait | abi::kMsgWaitall)) return Error::kOperationNotSupported;
    proc::FileRef f = TRY(socket_file(a.i32(0)));
    SocketHandle h = handle_of(*f);
    TRY(check_sockaddr_out(a.a[4], a.a[5]));
    bool dont_wait = f->nonblocking() || (flags & abi::kMsgDontwait);
    uint8_t buf[kChunk];
    size_t done = 0;
    net::Endpoint from{};
    bool stream;
    {
      NetLock lock;
      stream = TRY(knet::sockets().type(h)) == net::SocketType::kStream;
    }
    do {
      size_t want = min(len - done, kChunk);
      // Check the destination first, so received data is never lost.
      TRY(check_user_writable(user_space(), ubuf + done, want));
      auto n = recv_bytes(h, buf, want, dont_wait, &from);
      if (!n.ok()) {
        if (done) break;
        return n.error();
      }
      TRY(copy_to_user(user_space(), ubuf + done, buf, n.value()));
      done += n.value();
      // MSG_WAITALL: a stream read goes on until len or the end of stream.
      if (!stream || !(flags & abi::kMsgWaitall) || n.value() == 0) break;
    } while (done < len);
    // Datagrams name their source; a stream has none to give (length 0, as Linux).
    if (!stream) {
      (void)write_sockaddr(a.a[4], a.a[5], from);
    } else if (a.a[4]) {
      (void)UserPtr<int>{a.a[5]}.write(user_space(), 0);
    }
    return done;
  }();
  return socket_return(r);
}

int64_t sys_setsockopt(const Args& a) {
  int level = a.i32(1), name = a.i32(2);
  auto r = [&]() -> Result<void> {
    SocketHandle h = TRY(resolve_socket(a.a[0]));
    if (a.a[4] < sizeof(int)) return Error::kInvalidArgument;
    int value = TRY(UserPtr<int>{a.a[3]}.read(user_space()));
    NetLock lock;
    net::SocketOptions o = TRY(knet::sockets().options(h));
    if (level == abi::kSolSocket && name == abi::kSoReuseaddr) {
      o.reuse_addr = value != 0;
    } else if (level == abi::kIpprotoTcp && name == abi::kTcpNodelay &&
               TRY(knet::sockets().type(h)) == net::SocketType::kStream) {
      o.no_delay = value != 0;
    } else if (level == abi::kSolSocket &&
               (name == abi::kSoKeepalive || name == abi::kSoRcvbuf || name == abi::kSoSndbuf)) {
      return {};  // accepted: the stack's buffers and timers are fixed
    } else {
      return Error::kNoSuchOption;
    }
    return knet::sockets().set_options(h, o);
  }();
  return socket_return(r);
}

int64_t sys_getsockopt(const Args& a) {
  int level = a.i32(1), name = a.i32(2);
  auto r = [&]() -> Result<void> {
    SocketHandle h = TRY(resolve_socket(a.a[0]));
    int len = TRY(UserPtr<int>{a.a[4]}.read(user_space()));
    if (len < static_cast<int>(sizeof(int))) return Error::kInvalidArgument;
    int value;
    {
      NetLock lock;
      if (level == abi::kSolSocket && name == abi::kSoError) {
        net::PendingError e = TRY(knet::sockets().take_error(h));
        value = e.pending ? static_cast<int>(-to_errno(e.error)) : 0;
      } else if (level == abi::kSolSocket && name == abi::kSoType) {
        value = TRY(knet::sockets().type(h)) == net::SocketType::kStream ? abi::kSockStream : abi::kSockDgram;
      } else if (level == abi::kSolSocket && name == abi::kSoReuseaddr) {
        value = TRY(knet::sockets().options(h)).reuse_addr;
      } else if (level == abi::kIpprotoTcp && name == abi::kTcpNodelay) {
        value = TRY(knet::sockets().options(h)).no_delay;
      } else {
        return Error::kNoSuchOption;
      }
    }
    TRY(UserPtr<int>{a.a[3]}.write(user_space(), value));
    return UserPtr<int>{a.a[4]}.write(user_space(), static_cast<int>(sizeof(int)));
  }();
  return socket_return(r);
}

int64_t sys_shutdown(const Args& a) {
  int how = a.i32(1);
  auto r = [&]() -> Result<void> {
    SocketHandle h = TRY(resolve_socket(a.a[0]));
    net::Shutdown s;
    switch (how) {
      case abi::kShutRd: s = net::Shutdown::kRead; break;
      case abi::kShutWr: s = net::Shutdown::kWrite; break;
      case abi::kShutRdwr: s = net::Shutdown::kBoth; break;
      default: return Error::kInvalidArgument;
    }
    NetLock lock;
    TRY(knet::sockets().shutdown(h, s, knet::now_ms()));
    knet::kick();
    return {};
  }();
  return socket_return(r);
}

}  // namespace akuma::syscall
