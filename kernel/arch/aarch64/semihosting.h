// Arm semihosting: calls the guest makes to QEMU (run with -semihosting) with `hlt #0xf000`.
// The guest asks QEMU to exit with a status, which becomes QEMU's own exit status: the test
// verdict's first channel (the transcript is the second). In instrumented builds the kernel
// also writes files on the host (its coverage profile) into QEMU's working directory.
#pragma once

#include <stddef.h>

#include "kernel/lib/result.h"

namespace akuma::arch {

// Before the machine stops, a kernel linked with a weak hook's definition
// (`extern "C" void akuma_before_power_off()`, kernel/debug/profile.cc) runs it once.
[[noreturn]] void semihosting_exit(int status);

// A host file, created or truncated for writing (binary); its handle.
Result<int> semihosting_open(const char* path);
Result<void> semihosting_write(int handle, const void* data, size_t size);
void semihosting_close(int handle);

}  // namespace akuma::arch
