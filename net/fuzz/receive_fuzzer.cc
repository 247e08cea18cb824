// libFuzzer target: arbitrary bytes as a sequence of Ethernet frames into
// Interface::receive, with a listening TCP socket, a bound UDP socket and
// timers firing in between. Crashes, sanitizer reports and leaks (checked by
// LeakSanitizer after each input, everything is torn down) are failures.
//
// Input format: records of [length: 2 bytes big-endian][frame: length bytes];
// a truncated last record is delivered as it is.
//
// Build and run (from the repository root):
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined
//     -fno-exceptions -fno-rtti -I. net/fuzz/receive_fuzzer.cc
//     net/wire/{arp,checksum,dhcp,ethernet,icmp,ipv4,tcp,udp}.cc
//     net/tcp/{ring_buffer,rto,tcp_connection,tcp_stack}.cc
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
  (void)sockets->bind(listener, 80);
  (void)sockets->listen(listener, 2, now);
  SocketHandle udp = sockets->socket(SocketType::kDatagram).value();
  (void)sockets->bind(udp, 7);

  size_t pos = 0;
  while (pos < size) {
    size_t length = size - pos >= 2 ? (size_t(data[pos]) << 8 | data[pos + 1]) : 0;
    pos += size - pos >= 2 ? 2 : size - pos;
    if (length > size - pos) length = size - pos;
    iface->receive(data + pos, length, now);
    pos += length;

    // Exercise the socket side as an application would.
    auto accepted = sockets->accept(listener, nullptr);
    uint8_t buf[64];
    if (accepted.ok()) {
      (void)sockets->recv(accepted.value(), buf, sizeof buf, now);
      (void)sockets->send(accepted.value(), buf, sizeof buf, now);
    }
    (void)sockets->recv_from(udp, buf, sizeof buf, nullptr);
    now += 700;
    iface->poll(now);
  }
  // Let every timer run out: retransmissions, TIME_WAIT, ARP, DHCP.
  for (int i = 0; i < 64 && iface->next_deadline() != 0; ++i) {
    now = iface->next_deadline();
    iface->poll(now);
  }
  delete sockets;
  delete iface;
  return 0;
}
