// libFuzzer target: arbitrary bytes as a sequence of Ethernet frames into
// Interface::receive and of IPv4 packets onto its local (loopback) queue,
// with a listening TCP socket, a bound UDP socket, a client that keeps
// connecting to the host itself (127.0.0.1 and its own address) and timers
// firing in between. Crashes, sanitizer reports and leaks (checked by
// LeakSanitizer after each input, everything is torn down) are failures.
//
// Input format: records of [flags+length: 2 bytes big-endian][bytes]. The
// low 15 bits are the length; with the top bit set the bytes are an IPv4
// packet for Interface::loop_back (as if this host had sent it to itself),
// otherwise an Ethernet frame from the NIC. The record's first byte also
// picks what the application does next. A truncated last record is
// delivered as it is.
//
// Build and run (from the repository root):
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined
//     -fno-exceptions -fno-rtti -I. net/fuzz/receive_fuzzer.cc
//     net/wire/{arp,checksum,dhcp,ethernet,icmp,ipv4,tcp,udp}.cc
//     net/tcp/{rto,tcp_connection,tcp_stack}.cc
//     net/iface/{arp_cache,counters,dhcp_client,interface,udp_table}.cc
//     net/socket/socket_table.cc kernel/lib/error.cc -o /tmp/receive_fuzzer
//   /tmp/receive_fuzzer -runs=20000 net/fuzz/corpus
#include <stddef.h>
#include <stdint.h>

#include "net/iface/interface.h"
#include "net/socket/socket_table.h"

namespace {

using namespace akuma::net;

class NullDevice : public NetDevice {
 public:
  akuma::Result<void> transmit(ByteSpan) override { return {}; }
  MacAddress mac() const override { return MacAddress{{0x52, 0x54, 0, 0x12, 0x34, 0x56}}; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  NullDevice device;
  InterfaceOptions options;
  options.use_dhcp = (size & 1) != 0;  // half the inputs run with a DHCP client
  uint64_t now = 1000;
  auto* iface = new Interface(&device, options, now);
  auto* sockets = new SocketTable(iface);
  SocketHandle listener = sockets->socket(SocketType::kStream).value();
  (void)sockets->bind(listener, Endpoint{Ipv4Address::any(), 80});
  (void)sockets->listen(listener, 2, now);
  SocketHandle udp = sockets->socket(SocketType::kDatagram).value();
  (void)sockets->bind(udp, Endpoint{Ipv4Address::any(), 7});
  SocketHandle client{};  // connects to this host over the local path
  SocketHandle accepted{};

  size_t pos = 0;
  while (pos < size) {
    size_t header = size - pos >= 2 ? (size_t(data[pos]) << 8 | data[pos + 1]) : 0;
    pos += size - pos >= 2 ? 2 : size - pos;
    bool local = (header & 0x8000) != 0;
    size_t length = header & 0x7fff;
    if (length > size - pos) length = size - pos;
    if (local) {
      (void)iface->loop_back(ByteSpan{data + pos, length});
    } else {
      iface->receive(data + pos, length, now);
    }
    uint8_t action = length > 0 ? data[pos] : 0;
    pos += length;

    // Exercise the socket side as an application would.
    uint8_t buf[64] = {};
    if (accepted.value == 0) {
      auto a = sockets->accept(listener, nullptr);
      if (a.ok()) accepted = a.value();
    }
    if (accepted.value != 0) {
      (void)sockets->recv(accepted, buf, sizeof buf, now);
      (void)sockets->send(accepted, buf, sizeof buf, now);
      if (action & 1) {
        (void)sockets->close(accepted, now);
        accepted = SocketHandle{};
      }
    }
    if (client.value == 0) {
      client = sockets->socket(SocketType::kStream).value_or(SocketHandle{});
      Ipv4Address to = action & 2 ? Ipv4Address::loopback() : options.static_config.address;
      if (client.value != 0) (void)sockets->connect(client, Endpoint{to, 80}, now);
    } else {
      (void)sockets->send(client, buf, action & 63, now);
      (void)sockets->recv(client, buf, sizeof buf, now);
      if (action & 4) (void)sockets->shutdown(client, Shutdown::kWrite, now);
      (void)sockets->take_error(client);
      (void)sockets->readiness(client);
      if (action & 8) {
        if (action & 16) {
          (void)sockets->abort(client);
        } else {
          (void)sockets->close(client, now);
        }
        client = SocketHandle{};
      }
    }
    Endpoint from;
    (void)sockets->recv_from(udp, buf, sizeof buf, &from, now);
    if (action & 32) (void)sockets->send_to(udp, Endpoint{Ipv4Address::loopback(), 7}, buf, 8, now);
    now += 700;
    iface->poll(now);
  }
  // Let every timer run out: retransmissions, TIME_WAIT, ARP, DHCP.
  for (int i = 0; i < 64 && iface->next_deadline() != 0; ++i) {
    now = iface->next_deadline() > now ? iface->next_deadline() : now;
    iface->poll(now);
  }
  delete sockets;
  delete iface;
  return 0;
}
