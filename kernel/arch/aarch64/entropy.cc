#include "kernel/arch/aarch64/entropy.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/lock.h"
#include "kernel/lib/random.h"

namespace akuma::arch {
namespace {

IrqSpinLock lock("entropy", LockRank::kEntropy);
Random generator;  // lock

}  // namespace

void entropy_init(uint64_t seed) {
  IrqLockGuard guard(lock);
  generator.seed_with(seed ^ AKUMA_READ_SYSREG(cntvct_el0));
}

uint64_t random_u64() {
  IrqLockGuard guard(lock);
  generator.stir(AKUMA_READ_SYSREG(cntvct_el0));
  return generator.next();
}

void random_fill(void* out, size_t len) {
  IrqLockGuard guard(lock);
  generator.stir(AKUMA_READ_SYSREG(cntvct_el0));
  generator.fill(out, len);
}

uint64_t user_hwcap() {
  // Linux's HWCAP bits (arm64): FP 0, ASIMD 1, AES 3, PMULL 4, SHA1 5, SHA2 6, CRC32 7.
  uint64_t pfr0 = AKUMA_READ_SYSREG(id_aa64pfr0_el1);
  uint64_t isar0 = AKUMA_READ_SYSREG(id_aa64isar0_el1);
  uint64_t hwcap = 0;
  if (((pfr0 >> 16) & 0xf) != 0xf) hwcap |= 1 << 0;
  if (((pfr0 >> 20) & 0xf) != 0xf) hwcap |= 1 << 1;
  uint64_t aes = (isar0 >> 4) & 0xf;
  if (aes >= 1) hwcap |= 1 << 3;
  if (aes >= 2) hwcap |= 1 << 4;
  if (((isar0 >> 8) & 0xf) >= 1) hwcap |= 1 << 5;
  if (((isar0 >> 12) & 0xf) >= 1) hwcap |= 1 << 6;
  if (((isar0 >> 16) & 0xf) >= 1) hwcap |= 1 << 7;
  return hwcap;
}

}  // namespace akuma::arch
