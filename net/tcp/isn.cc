#include "net/tcp/isn.h"

#include "net/wire/bytes.h"

namespace akuma::net::tcp {

namespace {

uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

uint64_t load_le64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

struct State {
  uint64_t v0, v1, v2, v3;
  void round() {
    v0 += v1;
    v1 = rotl(v1, 13);
    v1 ^= v0;
    v0 = rotl(v0, 32);
    v2 += v3;
    v3 = rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = rotl(v1, 17);
    v1 ^= v2;
    v2 = rotl(v2, 32);
  }
  void absorb(uint64_t m) {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
};

}  // namespace

uint64_t siphash24(const IsnSecret& key, const uint8_t* data, size_t n) {
  State s{key.k0 ^ 0x736f6d6570736575ull, key.k1 ^ 0x646f72616e646f6dull,
          key.k0 ^ 0x6c7967656e657261ull, key.k1 ^ 0x7465646279746573ull};
  size_t whole = n & ~size_t{7};
  for (size_t i = 0; i < whole; i += 8) s.absorb(load_le64(data + i));
  uint64_t last = uint64_t(n & 0xff) << 56;
  for (size_t i = whole; i < n; ++i) last |= uint64_t(data[i]) << (8 * (i - whole));
  s.absorb(last);
  s.v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint32_t initial_sequence_number(const IsnSecret& key, Endpoint local, Endpoint remote,
                                 uint64_t now_us) {
  uint8_t tuple[12];
  store_be32(tuple, local.addr.value);
  store_be16(tuple + 4, local.port);
  store_be32(tuple + 6, remote.addr.value);
  store_be16(tuple + 10, remote.port);
  uint32_t clock = uint32_t(now_us / 4);  // M: one tick every 4 us (RFC 6528 3)
  return clock + uint32_t(siphash24(key, tuple, sizeof tuple));
}

}  // namespace akuma::net::tcp
