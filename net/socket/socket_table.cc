#include "net/socket/socket_table.h"

namespace akuma::net {

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
  s->used = false;
  s->conn = nullptr;
  s->udp_slot = -1;
  s->bound_port = 0;
  // Generation 0 is skipped so that no handle is ever 0.
  s->generation = uint16_t(s->generation + 1 == 0 ? 1 : s->generation + 1);
  if (wake_hook_ != nullptr) wake_hook_(wake_context_, h);  // waiters see the close
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
    i.local_port = s.bound_port;
    if (s.conn != nullptr) {
      i.state = s.conn->state();
      if (i.local_port == 0) i.local_port = s.conn->local().port;
      if (!s.listening) i.remote = s.conn->remote();
      i.bytes_unread = static_cast<uint32_t>(s.conn->bytes_unread());
      i.bytes_unacked = static_cast<uint32_t>(s.conn->bytes_unacked());
    }
  }
  return n;
}

// ---------------------------------------------------------------- calls

Result<SocketHandle> SocketTable::socket(SocketType type) {
  int index = TRY(allocate(type));
  return handle_of(&slots_[index]);
}

Result<void> SocketTable::bind(SocketHandle h, uint16_t port) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (port == 0 || s->bound_port != 0 || s->conn != nullptr) return Error::kInvalidArgument;
  for (const Slot& other : slots_) {
    if (other.used && other.type == s->type && other.bound_port == port) return Error::kExists;
  }
  if (s->type == SocketType::kDatagram) s->udp_slot = TRY(iface_->udp().bind(port));
  s->bound_port = port;
  return {};
}

Result<void> SocketTable::listen(SocketHandle h, uint32_t backlog, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type != SocketType::kStream) return Error::kNotSupported;
  if (s->listening) return {};
  if (s->bound_port == 0 || s->conn != nullptr) return Error::kInvalidArgument;
  s->conn = TRY(iface_->tcp().listen(Endpoint{Ipv4Address::any(), s->bound_port}, backlog, now));
  s->conn->user_tag = s;
  s->listening = true;
  return {};
}

Result<SocketHandle> SocketTable::accept(SocketHandle h, Endpoint* peer) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (!s->listening) return Error::kInvalidArgument;
  if (!iface_->tcp().acceptable(s->conn)) return Error::kWouldBlock;
  int index = TRY(allocate(SocketType::kStream));  // before taking the child
  tcp::TcpConnection* child = iface_->tcp().accept(s->conn).value();
  Slot& n = slots_[index];
  n.conn = child;
  child->user_tag = &n;
  if (peer != nullptr) *peer = child->remote();
  return handle_of(&n);
}

Result<void> SocketTable::connect(SocketHandle h, Endpoint remote, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type != SocketType::kStream) return Error::kNotSupported;
  if (s->conn != nullptr) return Error::kExists;  // EISCONN / EALREADY
  if (!iface_->configured()) return Error::kNotConnected;
  Endpoint local{iface_->config().address, s->bound_port};
  s->conn = TRY(iface_->tcp().connect(local, remote, now));
  s->conn->user_tag = s;
  return {};
}

Result<void> SocketTable::connect_result(SocketHandle h) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->conn == nullptr || s->listening) return Error::kNotConnected;
  if (s->conn->established_once()) return {};
  if (s->conn->has_error()) return s->conn->error();
  return Error::kWouldBlock;
}

Result<size_t> SocketTable::send(SocketHandle h, const uint8_t* data, size_t n, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->conn == nullptr || s->listening) return Error::kNotConnected;
  return s->conn->send(data, n, now);
}

Result<size_t> SocketTable::recv(SocketHandle h, uint8_t* out, size_t n, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type == SocketType::kDatagram) return recv_from(h, out, n, nullptr);
  if (s->conn == nullptr || s->listening) return Error::kNotConnected;
  return s->conn->recv(out, n, now);
}

Result<size_t> SocketTable::send_to(SocketHandle h, Endpoint to, const uint8_t* data, size_t n,
                                    uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type != SocketType::kDatagram) return Error::kNotSupported;
  if (s->bound_port == 0) {
    // Unbound senders get an ephemeral port, as with POSIX sendto().
    for (uint16_t port = 49152; s->bound_port == 0 && port != 0; ++port) {
      if (!iface_->udp().bound(port)) TRY(bind(h, port));
    }
    if (s->bound_port == 0) return Error::kBusy;
  }
  TRY(iface_->send_udp(s->bound_port, to, ByteSpan{data, n}, now));
  return n;
}

Result<size_t> SocketTable::recv_from(SocketHandle h, uint8_t* out, size_t n, Endpoint* from) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->type != SocketType::kDatagram) return Error::kNotSupported;
  if (s->udp_slot < 0) return Error::kWouldBlock;  // nothing can arrive unbound
  return iface_->udp().receive(s->udp_slot, out, n, from);
}

Result<void> SocketTable::shutdown_send(SocketHandle h, uint64_t now) {
  Slot* s = lookup(h);
  if (s == nullptr) return Error::kBadDescriptor;
  if (s->conn == nullptr || s->listening) return Error::kNotConnected;
  s->conn->shutdown_send(now);
  return {};
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

uint32_t SocketTable::readiness(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) return 0;
  if (s->type == SocketType::kDatagram) {
    return kSocketWritable | (iface_->udp().readable(s->udp_slot) ? uint32_t{kSocketReadable} : 0u);
  }
  if (s->conn == nullptr) return 0;
  if (s->listening) return iface_->tcp().acceptable(s->conn) ? uint32_t{kSocketReadable} : 0u;
  const tcp::TcpConnection* c = s->conn;
  uint32_t r = 0;
  if (c->readable()) r |= kSocketReadable;
  if (c->writable()) r |= kSocketWritable;
  if (c->has_error()) r |= kSocketError;
  if (c->hung_up()) r |= kSocketHangup;
  return r;
}

uint64_t SocketTable::wake_generation(SocketHandle h) const {
  const Slot* s = lookup(h);
  if (s == nullptr) return ~uint64_t{0};  // closed: differs from anything sampled before
  uint64_t g = 0;
  if (s->conn != nullptr) g += s->conn->wake_generation();
  if (s->udp_slot >= 0) g += iface_->udp().wake_generation(s->udp_slot);
  return g;
}

}  // namespace akuma::net
