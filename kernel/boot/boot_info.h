// What the boot loader told the kernel (the device tree QEMU passed), kept
// for the parts that start later: the initramfs, the command line, the CPUs.
#pragma once

#include "kernel/boot/fdt.h"

namespace akuma {

const fdt::BootInfo& boot_info();

}  // namespace akuma
