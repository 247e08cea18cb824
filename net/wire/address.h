// Link and network addresses.
#pragma once

#include <stdint.h>

#include "net/wire/bytes.h"

namespace akuma::net {

struct MacAddress {
  uint8_t bytes[6] = {0, 0, 0, 0, 0, 0};

  static MacAddress broadcast() { return MacAddress{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
  bool is_broadcast() const { return *this == broadcast(); }
  bool is_multicast() const { return (bytes[0] & 1) != 0; }
  bool operator==(const MacAddress& o) const { return bytes_equal(bytes, o.bytes, 6); }
  bool operator!=(const MacAddress& o) const { return !(*this == o); }
};

// An IPv4 address in host byte order (10.0.2.15 == 0x0a00020f).
struct Ipv4Address {
  uint32_t value = 0;

  static constexpr Ipv4Address from(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return Ipv4Address{(uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | d};
  }
  static constexpr Ipv4Address any() { return Ipv4Address{0}; }
  static constexpr Ipv4Address broadcast() { return Ipv4Address{0xffffffffu}; }
  static constexpr Ipv4Address loopback() { return from(127, 0, 0, 1); }
  constexpr bool is_any() const { return value == 0; }
  constexpr bool is_broadcast() const { return value == 0xffffffffu; }
  // 127.0.0.0/8: this host, never on a wire.
  constexpr bool is_loopback() const { return (value >> 24) == 127; }
  constexpr bool operator==(const Ipv4Address& o) const { return value == o.value; }
  constexpr bool operator!=(const Ipv4Address& o) const { return value != o.value; }
};

// An (address, port) pair as used by UDP and TCP.
struct Endpoint {
  Ipv4Address addr;
  uint16_t port = 0;
  bool operator==(const Endpoint& o) const { return addr == o.addr && port == o.port; }
  bool operator!=(const Endpoint& o) const { return !(*this == o); }
};

}  // namespace akuma::net
