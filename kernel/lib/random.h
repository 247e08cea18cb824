// The kernel's pseudo-random numbers: AT_RANDOM for new programs, getrandom(),
// TCP initial sequence numbers. xoshiro256** (Blackman and Vigna), seeded at
// boot from whatever entropy the machine offers (the counter, the device
// tree's rng-seed); not a cryptographic generator. Pure logic, host tested;
// callers provide the locking (the kernel's instance masks IRQs).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma {

class Random {
 public:
  // Any seed works, zero included (it is spread over the whole state).
  explicit Random(uint64_t seed = 0) { seed_with(seed); }
  void seed_with(uint64_t seed);
  // Mixes more entropy into the state.
  void stir(uint64_t entropy);
  uint64_t next();
  void fill(void* out, size_t len);

 private:
  uint64_t s_[4];
};

}  // namespace akuma
