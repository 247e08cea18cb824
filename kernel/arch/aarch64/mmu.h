// MMU: identity-mapped kernel with caches on.
//
// Layout (39-bit VA, 4 KiB granule, TTBR0 only):
//   0x0800_0000 - 0x0a1f_ffff  devices (GIC, PL011, virtio-mmio), Device-nGnRnE;
//                              the rest of the first GiB (page 0 too) unmapped
//   0x4000_0000 - 0x7fff_ffff  RAM, normal write-back cacheable
// Both are kernel-only (EL1) mappings; user address spaces will
// reuse these two entries and add their own mappings above 4 GiB.
#pragma once

#include <stdint.h>

namespace akuma::arch::mmu {

void init();
// The level-1 table with the kernel's mappings (copied into user tables).
uint64_t* kernel_table();

}  // namespace akuma::arch::mmu
