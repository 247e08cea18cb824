#include "kernel/arch/aarch64/mmu.h"

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/memory_map.h"

namespace akuma::arch::mmu {
namespace {

constexpr uint64_t kValidBlock = 1ull << 0;   // level-1 block descriptor
constexpr uint64_t kAttrDevice = 0ull << 2;   // MAIR index 0 (boot.S)
constexpr uint64_t kAttrNormal = 1ull << 2;   // MAIR index 1
constexpr uint64_t kApKernelRw = 0ull << 6;   // EL1 RW, EL0 none
constexpr uint64_t kInnerShareable = 3ull << 8;
constexpr uint64_t kAccessFlag = 1ull << 10;
constexpr uint64_t kPxn = 1ull << 53;
constexpr uint64_t kUxn = 1ull << 54;
constexpr uint64_t kGiB = 1ull << 30;

alignas(4096) uint64_t kernel_l1[512];
alignas(4096) uint64_t empty_l1[512];
size_t asid_count_ = 256;

// 16-bit ASIDs when ID_AA64MMFR0_EL1.ASIDBits says so (0b0010): TCR_EL1.AS
// (bit 36) makes TTBR0's whole 16-bit ASID field count. The TLB is flushed
// after (the callers do), as a TCR change requires.
void use_wide_asids() {
  uint64_t mmfr0 = AKUMA_READ_SYSREG(id_aa64mmfr0_el1);
  if (((mmfr0 >> 4) & 0xf) != 2) return;
  AKUMA_WRITE_SYSREG(tcr_el1, AKUMA_READ_SYSREG(tcr_el1) | (1ull << 36));
  asid_count_ = 65536;
}

}  // namespace

size_t asid_count() { return asid_count_; }

uint64_t empty_user_table() { return virt_to_phys(reinterpret_cast<uint64_t>(empty_l1)); }

void init_cpu() {
  use_wide_asids();
  AKUMA_WRITE_SYSREG(ttbr1_el1, virt_to_phys(reinterpret_cast<uint64_t>(kernel_l1)));
  AKUMA_WRITE_SYSREG(ttbr0_el1, empty_user_table());
  isb();
  asm volatile("tlbi vmalle1\n dsb nsh" ::: "memory");
  isb();
}

void init(uint64_t ram_end_phys) {
  // The first GiB holds the devices (and flash, never touched).
  kernel_l1[0] = 0 | kValidBlock | kAttrDevice | kApKernelRw | kAccessFlag | kPxn | kUxn;
  for (uint64_t pa = kRamBasePhys; pa < ram_end_phys && pa / kGiB < 512; pa += kGiB) {
    kernel_l1[pa / kGiB] = pa | kValidBlock | kAttrNormal | kApKernelRw | kInnerShareable | kAccessFlag | kUxn;
  }
  dsb_sy();
  use_wide_asids();
  AKUMA_WRITE_SYSREG(ttbr1_el1, virt_to_phys(reinterpret_cast<uint64_t>(kernel_l1)));
  AKUMA_WRITE_SYSREG(ttbr0_el1, empty_user_table());
  isb();
  asm volatile("tlbi vmalle1\n dsb nsh" ::: "memory");
  isb();
}

}  // namespace akuma::arch::mmu
