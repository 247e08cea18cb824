// PSCI (Arm's Power State Coordination Interface, DEN0022): starting the
// other CPUs. The conduit (HVC or SMC) comes from the device tree's /psci.
#pragma once

#include <stdint.h>

#include "kernel/lib/result.h"

namespace akuma::arch::psci {

enum class Conduit : uint8_t { kNone, kHvc, kSmc };

// CPU_ON: starts the CPU `mpidr` at physical address `entry` with the MMU
// off and x0 = `context`. kNotSupported without a conduit; kInvalidArgument,
// kExists (already on) or kBusy (on pending) as PSCI answers.
Result<void> cpu_on(Conduit conduit, uint64_t mpidr, uint64_t entry, uint64_t context);

}  // namespace akuma::arch::psci
