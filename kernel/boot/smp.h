// The other CPUs: started once the boot CPU's kernel is up (smp.cc).
#pragma once

#include <stdint.h>

#include "kernel/boot/fdt.h"

namespace akuma {

// Starts the device tree's CPUs (at most max_cpus in all; 0: every one) and
// returns how many are scheduling, the boot CPU included.
uint32_t start_secondary_cpus(const fdt::BootInfo& info, uint32_t max_cpus);

}  // namespace akuma
