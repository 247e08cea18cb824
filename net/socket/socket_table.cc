#include "net/socket/socket_table.h"

namespace akuma::net {

namespace {

using tcp::TcpState;

bool overlaps(Ipv4Address a, Ipv4Address b) { return a.is_any() || b.is_any() || a == b; }

bool handshaking(TcpState s) { return s == TcpState::kSynSent || s == TcpState::kSynReceived; }

// Over, as the user sees it: Linux hands TIME_WAIT to a separate object and
// leaves the socket in TCP_CLOSE.
bool finished(TcpState s) { return s == TcpState::kClosed || s == TcpState::kTimeWait; }

bool has(Shutdown how, Shutdown bit) { return (uint8_t(how) & uint8_t(bit)) != 0; }

}  // namespace

static_assert(UdpTable::kSlots >= SocketTable::kCapacity, "every datagram socket can bind");

SocketTable::SocketTable(Interface* iface) : iface_(iface) {
  iface_->tcp().set_wake_hook(&SocketTable::on_tcp_wake, this);
  iface_->set_udp_wake_hook(&SocketTable::on_udp_wake, this);
}

SocketTable::~SocketTable() {
  for (Slot& s : slots_) {
    if (s.used) (void)abort(handle_of(&s));
  }
  iface_->tcp().set_wake_hook(nullptr, nullptr);
  iface_->set_udp_wake_hook(nullptr, nullptr);
}

// ---------------------------------------------------------------- handles

SocketTable::Slot* SocketTable::lookup(SocketHandle h) {
  uint32_t index = h.value & 0xffff;
  if (index >= uint32_t(kCapacity)) return nullptr;
  Slot& s = slots_[index];
  return s.used && s.generation == (h.value >> 16) ? &s : nullptr;
}

const SocketTable::Slot* SocketTable::lookup(SocketHandle h) const {
  return const_cast<SocketTable*>(this)->lookup(h);
}

SocketHandle SocketTable::handle_of(const Slot* s) const {
  return SocketHandle{(uint32_t(s->generation) << 16) | uint32_t(s - slots_)};
}

Result<int> SocketTable::allocate(SocketType type) {
  for (int i = 0; i < kCapacity; ++i) {
    Slot& s = slots_[i];
    if (s.used) continue;
    uint16_t generation = s.generation;
    s = Slot{};
    s.used = true;
    s.generation = generation;
    s.type = type;
    return i;
  }
  return Error::kNoMemory;
}

void SocketTable::release(Slot* s) {
  if (s->conn != nullptr) s->conn->user_tag = nullptr;
  if (s->udp_slot >= 0) iface_->udp().unbind(s->udp_slot);
  SocketHandle h = handle_of(s);
  uint16_t generation = s->generation;
  bool polled = s->polled;
  *s = Slot{};
  s->closed_after_poll = polled;
  // Generation 0 is skipped so that no handle is ever 0.
  s->generation = uint16_t(generation + 1 == 0 ? 1 : generation + 1);
  if (wake_hook_ != nullptr) wake_hook_(wake_context_, h);  // waiters see the close
}

void SocketTable::changed(Slot* s) {
  ++s->wake_generation;
  if (wake_hook_ != nullptr) wake_hook_(wake_context_, handle_of(s));
}

void SocketTable::on_tcp_wake(void* context, void* tag) {
  auto* self = static_cast<SocketTable*>(context);
  auto* slot = static_cast<Slot*>(tag);
  if (self->wake_hook_ != nullptr && slot->used) {
    self->wake_hook_(self->wake_context_, self->handle_of(slot));
  }
}

void SocketTable::on_udp_wake(void* context, int udp_slot) {
  auto* self = static_cast<SocketTable*>(context);
  if (self->wake_hook_ == nullptr) return;
  for (Slot& s : self->slots_) {
    if (s.used && s.udp_slot == udp_slot) self->wake_hook_(self->wake_context_, self->handle_of(&s));
  }
}

int SocketTable::open_count() const {
  int n = 0;
  for (const Slot& s : slots_) n += s.used;
  return n;
}

size_t SocketTable::list(SocketInfo* out, size_t max) const {
  size_t n = 0;
  for (const Slot& s : slots_) {
    if (!s.used || n == max) continue;
    SocketInfo& i = out[n++];
    i = SocketInfo{};
    i.handle = handle_of(&s);
    i.type = s.type;
    i.listening = s.listening;
    i.local = local_endpoint(i.handle).value_or(Endpoint{});
    i.remote = s.type == SocketType::kDatagram ? s.peer : Endpoint{};
    if (s.conn != nullptr) {
      i.state = s.conn->state();
      if (!s.listening) i.remote = s.conn->remote();
      i.bytes_unread = static_cast<uint32_t>(s.conn->bytes_unread());
      i.bytes_unacked = static_cast<uint32_t>(s.conn->bytes_unacked());
    }
    if (s.udp_slot >= 0) i.datagrams_dropped = iface_->udp().dropped(s.udp_slot);
  }
  return n;
}

// ---------------------------------------------------------------- ports and addresses

bool SocketTable::port_taken(const Slot* s, Endpoint local) const {
  for (const Slot& o : slots_) {
    if (!o.used || &o == s || o.type != s->type || o.bound.port != local.port) continue;
    if (!overlaps(o.bound.addr, local.addr)) continue;
    bool shared = s->type == SocketType::kStream && s->options.reuse_addr &&
                  o.options.reuse_addr && !o.listening;
    if (!shared) return true;
  }
  return false;
}

Result<uint16_t> SocketTable::pick_ephemeral(SocketType type) {
  constexpr uint32_t kCount = tcp::kEphemeralLast - tcp::kEphemeralFirst + 1;
  for (uint32_t i = 0; i < kCount; ++i) {
    uint16_t port = next_ephemeral_;
    next_ephemeral_ =
        port == tcp::kEphemeralLast ? tcp::kEphemeralFirst : uint16_t(port + 1);
    bool used = type == SocketType::kStream ? iface_->tcp().port_in_use(port)
                                            : iface_->udp().port_in_use(port);
    for (const Slot& o : slots_) used |= o.used && o.type == type && o.bound.port == port;
    if (!used) return port;
  }
  return Error::kAddressNotAvailable;  // Linux: EADDRNOTAVAIL when the range is exhausted
}

Result<void> SocketTable::bind_endpoint(Slot* s, Endpoint local) {
  if (local.port == 0) local.port = TRY(pick_ephemeral(s->type));
  if (port_taken(s, local)) return Error::kExists;
  if (s->type == SocketType::kDatagram) s->udp_slot = TRY(iface_->udp().bind(local));
  s->bound = local;
  return {};
}

Result<void> SocketTable::bind_if_unbound(Slot* s) {
  if (s->bound.port != 0) return {};
  return bind_endpoint(s, Endpoint{Ipv4Address::any(), 0});
}

Result<Ipv4Address> SocketTable::source_for(const Slot* s, Endpoint* remote) const {
  if (remote->addr.is_any()) remote->addr = Ipv4Address::loopback();
  if (s->bound.addr.is_any()) return iface_->source_address(remote->addr);
  if (s->bound.addr.is_loopback() && !iface_->is_local_address(remote->addr)) {
    return Error::kInvalidArgument;  // Linux will not route a 127.x source off the host
  }
  return s->bound.addr;
}

// ---------------------------------------------------------------- calls

Result<SocketHandle> SocketTable::socket(SocketType type) {
  int index = TRY(allocate(type));
  return handle_of(&slots_[index]);
}

Result<SocketType> SocketTable::type(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  return s->type;
}

Result<void> SocketTable::bind(SocketHandle h, Endpoint local) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->bound.port != 0 || s->conn != nullptr) return Error::kInvalidArgument;
  if (!local.addr.is_any() && !iface_->is_local_address(local.addr)) {
    return Error::kAddressNotAvailable;
  }
  TRY(bind_endpoint(s, local));
  s->auto_bound = false;
  return {};
}

Result<void> SocketTable::listen(SocketHandle h, uint32_t backlog, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type != SocketType::kStream) return Error::kOperationNotSupported;
  if (s->listening) {
    iface_->tcp().set_backlog(s->conn, backlog);
    return {};
  }
  if (s->conn != nullptr) return Error::kInvalidArgument;
  TRY(bind_if_unbound(s));
  s->conn = TRY(iface_->tcp().listen(s->bound, backlog, now));
  s->conn->user_tag = s;
  s->listening = true;
  changed(s);
  return {};
}

Result<SocketHandle> SocketTable::accept(SocketHandle h, Endpoint* peer) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type != SocketType::kStream) return Error::kOperationNotSupported;
  if (!s->listening) return Error::kInvalidArgument;
  if (!iface_->tcp().acceptable(s->conn)) return Error::kWouldBlock;
  int index = TRY(allocate(SocketType::kStream));  // before taking the child
  tcp::TcpConnection* child = iface_->tcp().accept(s->conn).value();
  Slot& n = slots_[index];
  n.conn = child;
  n.connected = true;
  n.options = s->options;  // inherited, as in Linux
  child->set_no_delay(n.options.no_delay);
  child->user_tag = &n;
  if (peer != nullptr) *peer = child->remote();
  return handle_of(&n);
}

Result<void> SocketTable::connect(SocketHandle h, Endpoint remote, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (remote.port == 0) return Error::kInvalidArgument;
  return s->type == SocketType::kStream ? connect_stream(s, remote, now)
                                        : connect_datagram(s, remote);
}

Result<void> SocketTable::connect_stream(Slot* s, Endpoint remote, uint64_t now) {
  if (s->listening || s->connected) return Error::kAlreadyConnected;
  if (s->conn != nullptr) {
    if (error_pending(s)) {
      Error e = take_connection_error(s);
      disconnect(s);
      return e;
    }
    if (handshaking(s->conn->state())) return Error::kAlreadyInProgress;
    if (s->conn->established_once()) {
      s->connecting = false;
      s->connected = true;  // a non-blocking connect's completion, reported once
      return {};
    }
    disconnect(s);  // failed, its error already read: start over
  }
  Ipv4Address source = TRY(source_for(s, &remote));
  bool auto_bind = s->bound.port == 0;
  TRY(bind_if_unbound(s));
  auto conn = iface_->tcp().connect(Endpoint{source, s->bound.port}, remote, now);
  if (!conn.ok()) {
    if (auto_bind) s->bound = Endpoint{};
    return conn.error();
  }
  s->auto_bound = s->auto_bound || auto_bind;
  s->conn = conn.value();
  s->conn->user_tag = s;
  s->conn->set_no_delay(s->options.no_delay);
  s->connecting = true;
  changed(s);
  return {};
}

Result<void> SocketTable::connect_datagram(Slot* s, Endpoint remote) {
  Ipv4Address source = TRY(source_for(s, &remote));
  TRY(bind_if_unbound(s));
  iface_->udp().connect(s->udp_slot, source, remote);
  s->bound = iface_->udp().local(s->udp_slot);
  s->peer = remote;
  s->connected = true;
  changed(s);
  return {};
}

Result<void> SocketTable::connect_result(SocketHandle h) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->connected) return {};
  if (s->conn == nullptr || s->listening) return Error::kNotConnected;
  if (error_pending(s)) {
    Error e = take_connection_error(s);
    disconnect(s);
    return e;
  }
  if (s->conn->established_once()) {
    s->connecting = false;
    s->connected = true;
    return {};
  }
  if (handshaking(s->conn->state())) return Error::kWouldBlock;
  return Error::kNotConnected;  // failed, and its error was read already
}

bool SocketTable::error_pending(const Slot* s) const {
  return s->conn != nullptr && s->conn->has_error() && !s->error_taken;
}

Error SocketTable::take_connection_error(Slot* s) {
  s->error_taken = true;
  changed(s);  // kSocketError goes away
  return s->conn->error();
}

void SocketTable::disconnect(Slot* s) {
  if (s->conn != nullptr) {
    s->conn->user_tag = nullptr;
    iface_->tcp().abort(s->conn);  // nothing on the wire unless synchronized
  }
  s->conn = nullptr;
  s->connecting = s->connected = false;
  s->error_taken = false;
  s->shut_read = s->shut_write = false;
  if (s->auto_bound) s->bound = Endpoint{};  // Linux gives an autobound port back
  s->auto_bound = false;
  changed(s);
}

Result<size_t> SocketTable::send(SocketHandle h, const uint8_t* data, size_t n, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type == SocketType::kStream) return send_stream(s, data, n, now);
  if (!s->connected) return Error::kDestinationRequired;
  return send_datagram(s, s->peer, data, n, now);
}

Result<size_t> SocketTable::send_to(SocketHandle h, Endpoint to, const uint8_t* data, size_t n,
                                    uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type == SocketType::kStream) return send_stream(s, data, n, now);
  return send_datagram(s, to, data, n, now);
}

Result<size_t> SocketTable::send_stream(Slot* s, const uint8_t* data, size_t n, uint64_t now) {
  if (s->conn == nullptr || s->listening) return Error::kBrokenPipe;  // Linux: EPIPE, not ENOTCONN
  if (error_pending(s)) return take_connection_error(s);
  if (s->shut_write) return Error::kBrokenPipe;
  TcpState state = s->conn->state();
  if (handshaking(state)) return Error::kWouldBlock;  // a blocking send waits for the handshake
  if (state != TcpState::kEstablished && state != TcpState::kCloseWait) return Error::kBrokenPipe;
  return s->conn->send(data, n, now);
}

Result<size_t> SocketTable::send_datagram(Slot* s, Endpoint to, const uint8_t* data, size_t n,
                                          uint64_t now) {
  if (to.port == 0) return Error::kInvalidArgument;
  if (s->shut_write) return Error::kBrokenPipe;
  Ipv4Address source = TRY(source_for(s, &to));
  TRY(bind_if_unbound(s));
  Result<void> sent = iface_->send_udp(Endpoint{source, s->bound.port}, to, ByteSpan{data, n}, now);
  // kBusy: a full local or ARP queue dropped it (and counted it). Linux's
  // sendto succeeds then too: a datagram may be lost on the way.
  if (!sent.ok() && sent.error() != Error::kBusy) return sent.error();
  return n;
}

Result<size_t> SocketTable::recv(SocketHandle h, uint8_t* out, size_t n, uint64_t now) {
  return recv_from(h, out, n, nullptr, now);
}

Result<size_t> SocketTable::recv_from(SocketHandle h, uint8_t* out, size_t n, Endpoint* from,
                                      uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type == SocketType::kStream) return recv_stream(s, out, n, now);
  if (s->udp_slot < 0) return s->shut_read ? Result<size_t>(size_t{0}) : Error::kWouldBlock;
  auto r = iface_->udp().receive(s->udp_slot, out, n, from);
  if (!r.ok() && r.error() == Error::kWouldBlock && s->shut_read) return size_t{0};
  return r;
}

Result<size_t> SocketTable::recv_stream(Slot* s, uint8_t* out, size_t n, uint64_t now) {
  if (s->listening) return Error::kNotConnected;
  if (s->conn == nullptr) return s->shut_read ? Result<size_t>(size_t{0}) : Error::kNotConnected;
  tcp::TcpConnection* c = s->conn;
  // Data first, then end of stream, then the error, as Linux orders them.
  if (c->bytes_unread() > 0 || c->fin_received()) return c->recv(out, n, now);
  if (error_pending(s)) return take_connection_error(s);
  if (c->state() == TcpState::kClosed || s->shut_read) return size_t{0};
  return Error::kWouldBlock;
}

Result<void> SocketTable::shutdown(SocketHandle h, Shutdown how, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  bool read = has(how, Shutdown::kRead), write = has(how, Shutdown::kWrite);
  if (s->listening) {
    if (read) {  // stops listening; pending connections are reset
      iface_->tcp().abort(s->conn);
      s->conn = nullptr;
      s->listening = false;
      changed(s);
    }
    return {};
  }
  if (s->conn != nullptr && handshaking(s->conn->state())) {
    disconnect(s);
    return {};
  }
  s->shut_read = s->shut_read || read;
  if (write && !s->shut_write) {
    s->shut_write = true;
    if (s->conn != nullptr) s->conn->shutdown_send(now);  // FIN after the buffered data
  }
  changed(s);
  bool connected = s->type == SocketType::kDatagram
                       ? s->connected
                       : s->conn != nullptr && !finished(s->conn->state());
  return connected ? Result<void>() : Error::kNotConnected;
}

Result<void> SocketTable::close(SocketHandle h, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  tcp::TcpConnection* conn = s->conn;
  release(s);
  if (conn != nullptr) iface_->tcp().close(conn, now);
  return {};
}

Result<void> SocketTable::abort(SocketHandle h) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  tcp::TcpConnection* conn = s->conn;
  release(s);
  if (conn != nullptr) iface_->tcp().abort(conn);
  return {};
}

// ---------------------------------------------------------------- queries

Result<Endpoint> SocketTable::local_endpoint(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->conn != nullptr && !s->listening) return s->conn->local();
  return s->bound;
}

Result<Endpoint> SocketTable::remote_endpoint(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type == SocketType::kDatagram) {
    return s->connected ? Result<Endpoint>(s->peer) : Error::kNotConnected;
  }
  if (s->conn == nullptr || s->listening) return Error::kNotConnected;
  TcpState state = s->conn->state();
  if (finished(state) || handshaking(state)) return Error::kNotConnected;
  return s->conn->remote();
}

Result<SocketOptions> SocketTable::options(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  return s->options;
}

Result<void> SocketTable::set_options(SocketHandle h, const SocketOptions& options) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  s->options = options;
  if (s->conn != nullptr && !s->listening) s->conn->set_no_delay(options.no_delay);
  return {};
}

Result<PendingError> SocketTable::take_error(SocketHandle h) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (!error_pending(s)) return PendingError{};
  return PendingError{true, take_connection_error(s)};
}

uint32_t SocketTable::readiness(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) return 0;
  if (s->type == SocketType::kStream) return stream_readiness(s);
  uint32_t r = kSocketWritable;
  if (iface_->udp().readable(s->udp_slot) || s->shut_read) r |= kSocketReadable;
  if (s->shut_read && s->shut_write) r |= kSocketHangup;
  return r;
}

uint32_t SocketTable::poll(SocketHandle h) {
  Slot* s = lookup(h);
  if (s == nullptr) return 0;
  s->polled = true;
  s->poll_seen = readiness(h);
  return s->poll_seen;
}

bool SocketTable::pollers_may_wait_for(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) {
    // Closed: a poller may have been scanning it, if any ever did (and the
    // slot is not someone else's already).
    uint32_t index = h.value & 0xffff;
    return index >= uint32_t(kCapacity) || slots_[index].used || slots_[index].closed_after_poll;
  }
  return s->polled && (readiness(h) & ~s->poll_seen) != 0;
}

// Linux's tcp_poll(): hangup when both directions are shut or there is no
// connection (so a fresh socket is writable|hangup), readable at the end of
// the stream, writable once past the handshake while send would not block.
uint32_t SocketTable::stream_readiness(const Slot* s) const {
  if (s->listening) return iface_->tcp().acceptable(s->conn) ? uint32_t{kSocketReadable} : 0u;
  if (s->conn == nullptr) {
    return kSocketWritable | kSocketHangup | (s->shut_read ? uint32_t{kSocketReadable} : 0u);
  }
  const tcp::TcpConnection* c = s->conn;
  bool gone = c->state() == TcpState::kClosed;
  bool read_shut = s->shut_read || c->fin_received() || gone;
  bool write_shut = s->shut_write || gone;
  uint32_t r = 0;
  if (read_shut) r |= kSocketReadable;
  if (read_shut && write_shut) r |= kSocketHangup;
  if (error_pending(s)) r |= kSocketError;
  if (!handshaking(c->state())) {
    if (c->bytes_unread() > 0) r |= kSocketReadable;
    if (write_shut || c->writable()) r |= kSocketWritable;
  }
  return r;
}

uint64_t SocketTable::wake_generation(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) return ~uint64_t{0};  // closed: differs from anything sampled before
  uint64_t g = s->wake_generation;
  if (s->conn != nullptr) g += s->conn->wake_generation();
  if (s->udp_slot >= 0) g += iface_->udp().wake_generation(s->udp_slot);
  return g;
}

}  // namespace akuma::net
