// The vDSO's ELF image (built from vdso.c, embedded by embed.py), page
// aligned: the kernel maps its pages into every program (kernel/proc/exec.cc).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace akuma::vdso {

extern const uint8_t image[];   // image_pages whole pages, zero past image_size
extern const size_t image_size;
extern const size_t image_pages;

}  // namespace akuma::vdso
