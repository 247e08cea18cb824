// A TCP connection's send and receive buffers (net/wire/byte_ring.h).
#pragma once

#include "net/wire/byte_ring.h"

namespace akuma::net::tcp {

inline constexpr size_t kTcpBufferSize = 8192;
using RingBuffer = ByteRing<kTcpBufferSize>;

}  // namespace akuma::net::tcp
