#include "kernel/lib/random.h"

namespace akuma {
namespace {

constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// SplitMix64 step: spreads a seed over the state words.
uint64_t splitmix(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

void Random::seed_with(uint64_t seed) {
  for (uint64_t& w : s_) w = splitmix(seed);
}

void Random::stir(uint64_t entropy) {
  uint64_t x = entropy ^ next();
  for (uint64_t& w : s_) w ^= splitmix(x);
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // the all-zero state is a fixed point
}

uint64_t Random::next() {
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

void Random::fill(void* out, size_t len) {
  auto* p = static_cast<uint8_t*>(out);
  while (len) {
    uint64_t v = next();
    for (int i = 0; i < 8 && len; ++i, --len) *p++ = static_cast<uint8_t>(v >> (8 * i));
  }
}

}  // namespace akuma
