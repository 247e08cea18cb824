// MMU: the kernel's final translation tables (boot.S set up temporary ones).
//
// TTBR1 (upper half, 39-bit): the linear map of memory_map.h — the first GiB
// (devices) as Device-nGnRnE, RAM as normal write-back memory, both EL1-only,
// in 1 GiB blocks. TTBR0 (lower half) is the current user address space, or an
// empty table for kernel threads, so a null pointer in the kernel faults.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::arch::mmu {

// ram_end_phys: the end of RAM from the device tree.
void init(uint64_t ram_end_phys);
// A secondary CPU switches from the boot tables to the kernel's (after init).
void init_cpu();
// Physical address of the empty lower-half table (kernel threads' TTBR0).
uint64_t empty_user_table();
// How many ASIDs the CPUs use: 65536 when they implement 16-bit ASIDs
// (TCR_EL1.AS set by init), else 256. TTBR0's ASID is bits 63:48.
size_t asid_count();

}  // namespace akuma::arch::mmu
