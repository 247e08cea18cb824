// Where things are in the kernel's virtual address space.
//
// The kernel runs in the upper half (TTBR1, 39-bit: 0xffff_ff80_0000_0000 and
// up) through one linear map of physical memory: virtual = physical +
// kLinearBase, for the devices in the first GiB and for all of RAM. The
// kernel image itself is linked at the linear address of where QEMU loads it
// (RAM base + 512 KiB), so no second mapping exists. The lower half (TTBR0)
// belongs to user programs alone; kernel threads run with an empty TTBR0 table,
// so a null pointer in the kernel faults.
#pragma once

#include <stdint.h>

namespace akuma {

constexpr uint64_t kLinearBase = 0xffffff8000000000ull;
// QEMU's virt board: RAM starts at 1 GiB; the Image is loaded 512 KiB in.
constexpr uint64_t kRamBasePhys = 0x40000000ull;
constexpr uint64_t kKernelLoadPhys = kRamBasePhys + 0x80000;

constexpr uint64_t phys_to_virt(uint64_t pa) { return pa + kLinearBase; }
constexpr uint64_t virt_to_phys(uint64_t va) { return va - kLinearBase; }

template <typename T>
T* phys_ptr(uint64_t pa) {
  return reinterpret_cast<T*>(phys_to_virt(pa));
}

}  // namespace akuma
