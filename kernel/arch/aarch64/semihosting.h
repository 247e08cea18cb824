// Arm semihosting: the guest asks QEMU (run with -semihosting) to exit with a
// status, which becomes QEMU's own exit status. This is the test verdict's
// first channel; the transcript is the second.
#pragma once

namespace akuma::arch {

[[noreturn]] void semihosting_exit(int status);

}  // namespace akuma::arch
