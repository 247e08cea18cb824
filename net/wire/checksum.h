// The Internet checksum (RFC 1071), the one implementation every header uses.
#pragma once

#include <stdint.h>

#include "net/wire/address.h"
#include "net/wire/bytes.h"

namespace akuma::net {

// Adds bytes to a running 32-bit one's-complement sum. `sum` may carry over
// calls; odd-length spans are padded with a zero byte, so only the last span
// of a checksummed region may have odd length.
uint32_t checksum_add(uint32_t sum, ByteSpan bytes);

// Folds the running sum and returns its one's complement, ready to store.
// A region that already contains its correct checksum folds to 0.
uint16_t checksum_finish(uint32_t sum);

// The sum of the IPv4 pseudo-header used by UDP and TCP.
uint32_t pseudo_header_sum(Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                           uint16_t length);

}  // namespace akuma::net
