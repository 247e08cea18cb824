// The program image linked into the kernel (programs/pack_programs.py writes
// it): programs are found by name.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::proc {

struct ProgramBlob {
  const uint8_t* data;
  size_t size;
};

// kNotFound for an unknown name, kMalformed if the image itself is damaged.
Result<ProgramBlob> find_program(const char* name);

}  // namespace akuma::proc
