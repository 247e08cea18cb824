#include "kernel/arch/aarch64/mmu.h"

#include "kernel/arch/aarch64/cpu.h"

namespace akuma::arch::mmu {
namespace {

constexpr uint64_t kValid = 1ull << 0;
constexpr uint64_t kBlock = 0ull << 1;        // level-1 block descriptor
constexpr uint64_t kAttrDevice = 0ull << 2;   // MAIR index 0
constexpr uint64_t kAttrNormal = 1ull << 2;   // MAIR index 1
constexpr uint64_t kApKernelRw = 0ull << 6;   // EL1 RW, EL0 none
constexpr uint64_t kInnerShareable = 3ull << 8;
constexpr uint64_t kAccessFlag = 1ull << 10;
constexpr uint64_t kPxn = 1ull << 53;
constexpr uint64_t kUxn = 1ull << 54;

constexpr uint64_t kTable = 3ull << 0;  // level-1 entry pointing at a table

// Only the devices the kernel drives are mapped, with 2 MiB blocks:
// GIC (0x0800_0000), PL011 (0x0900_0000) and virtio-mmio (0x0a00_0000).
// Everything else below RAM, including page 0, faults: a null pointer in the
// kernel is a translation fault, not a silent write to flash.
constexpr uint64_t kDevicesStart = 0x08000000;
constexpr uint64_t kDevicesEnd = 0x0a200000;
constexpr uint64_t kBlock2M = 2ull << 20;

alignas(4096) uint64_t level1[512];
alignas(4096) uint64_t level2_devices[512];

}  // namespace

uint64_t* kernel_table() { return level1; }

void init() {
  for (uint64_t pa = kDevicesStart; pa < kDevicesEnd; pa += kBlock2M) {
    level2_devices[pa / kBlock2M] =
        pa | kValid | kBlock | kAttrDevice | kApKernelRw | kAccessFlag | kPxn | kUxn;
  }
  level1[0] = reinterpret_cast<uint64_t>(level2_devices) | kTable;
  level1[1] = 0x40000000 | kValid | kBlock | kAttrNormal | kApKernelRw | kInnerShareable |
              kAccessFlag | kUxn;

  // MAIR: attr0 = Device-nGnRnE, attr1 = Normal, inner/outer write-back RW-allocate.
  AKUMA_WRITE_SYSREG(mair_el1, 0x00ull | (0xffull << 8));
  // TCR: T0SZ=25 (39-bit), WBWA inner/outer, inner shareable, 4K granule,
  // TTBR1 walks disabled (EPD1), 40-bit physical addresses.
  uint64_t tcr = 25ull | (1ull << 8) | (1ull << 10) | (3ull << 12) | (0ull << 14) | (1ull << 23) |
                 (2ull << 32);
  AKUMA_WRITE_SYSREG(tcr_el1, tcr);
  AKUMA_WRITE_SYSREG(ttbr0_el1, reinterpret_cast<uint64_t>(level1));
  dsb_sy();
  asm volatile("tlbi vmalle1" ::: "memory");
  dsb_sy();
  isb();
  uint64_t sctlr = AKUMA_READ_SYSREG(sctlr_el1);
  sctlr |= (1ull << 0) | (1ull << 2) | (1ull << 12);  // M, C, I
  sctlr &= ~(1ull << 1);                              // no alignment checking
  AKUMA_WRITE_SYSREG(sctlr_el1, sctlr);
  isb();
}

}  // namespace akuma::arch::mmu
