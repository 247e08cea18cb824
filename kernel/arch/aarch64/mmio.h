// Volatile device register access.
#pragma once

#include <stdint.h>

namespace akuma::arch {

inline uint32_t mmio_read32(uintptr_t addr) {
  return *reinterpret_cast<volatile uint32_t*>(addr);
}
inline void mmio_write32(uintptr_t addr, uint32_t v) {
  *reinterpret_cast<volatile uint32_t*>(addr) = v;
}

}  // namespace akuma::arch
