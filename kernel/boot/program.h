// The single program a kernel image runs after boot: the shell in the full
// kernel, or one test program in a test variant (harness/defs.bzl links
// exactly one definition of program_main). Its return value becomes QEMU's
// exit status.
#pragma once

namespace akuma {

int program_main();

// Powers the machine off; `status` becomes QEMU's exit status (semihosting).
[[noreturn]] void power_off(int status);

}  // namespace akuma
