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

constexpr size_t kProgramNameLen = 32;

// kNotFound for an unknown name, kMalformed if the image itself is damaged.
Result<ProgramBlob> find_program(const char* name);

// The programs in image order (the shell's `ls`): the i-th name copied into
// `out` (nullptr past the end or if the image is damaged).
const char* program_name(size_t i, char (&out)[kProgramNameLen + 1]);

}  // namespace akuma::proc
