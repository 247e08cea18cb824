// Initial sequence numbers (RFC 6528): ISN = M + F(local address, local
// port, remote address, remote port, secret key), M a clock ticking every
// 4 microseconds and F a keyed hash, here SipHash-2-4 (Aumasson and
// Bernstein) with a 128-bit secret. Each four-tuple gets its own sequence
// space that moves forward with time (so a new incarnation of a connection
// starts above the old one), and an off-path attacker who does not know the
// secret cannot predict it. The stack is handed the secret in TcpConfig (the
// kernel draws it from its entropy source at boot), and time, so it stays
// host-testable.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "net/wire/address.h"

namespace akuma::net::tcp {

struct IsnSecret {
  uint64_t k0 = 0;
  uint64_t k1 = 0;
};

// SipHash-2-4 of `n` bytes under the key (k0, k1): the 64-bit result as the
// reference implementation returns it (little-endian words).
uint64_t siphash24(const IsnSecret& key, const uint8_t* data, size_t n);

// The RFC 6528 ISN for a connection from `local` to `remote` at time
// `now_us` (microseconds).
uint32_t initial_sequence_number(const IsnSecret& key, Endpoint local, Endpoint remote,
                                 uint64_t now_us);

}  // namespace akuma::net::tcp
