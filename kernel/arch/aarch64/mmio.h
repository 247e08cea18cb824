// Volatile device register access by physical address (the devices sit in
// the kernel's linear map, memory_map.h).
#pragma once

#include <stdint.h>

#include "kernel/arch/aarch64/memory_map.h"

namespace akuma::arch {

inline uint32_t mmio_read32(uintptr_t pa) { return *phys_ptr<volatile uint32_t>(pa); }
inline void mmio_write32(uintptr_t pa, uint32_t v) { *phys_ptr<volatile uint32_t>(pa) = v; }
inline uint8_t mmio_read8(uintptr_t pa) { return *phys_ptr<volatile uint8_t>(pa); }
inline void mmio_write8(uintptr_t pa, uint8_t v) { *phys_ptr<volatile uint8_t>(pa) = v; }

}  // namespace akuma::arch
