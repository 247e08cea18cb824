// The kernel's random numbers (kernel/lib/random.h) and what the CPU offers
// user programs (AT_HWCAP).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::arch {

// Seeds the generator from the counter and `seed` (the device tree's).
void entropy_init(uint64_t seed);
uint64_t random_u64();
void random_fill(void* out, size_t len);

// AT_HWCAP for user programs, from the ID registers: FP, ASIMD, AES, PMULL,
// SHA1, SHA2, CRC32 as the CPU has them (no CPUID: EL0 reads of ID registers
// are not emulated).
uint64_t user_hwcap();

}  // namespace akuma::arch
