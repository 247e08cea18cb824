// Internal to kernel/syscall: the number -> handler table (table.cc).
#pragma once

#include <stdint.h>

#include "kernel/syscall/syscall.h"

namespace akuma::syscall {

// nullptr for a number no handler implements (the caller returns ENOSYS).
Handler handler_for(uint64_t number);
// The call's Linux name ("read"), nullptr if not implemented.
const char* syscall_name(uint64_t number);

}  // namespace akuma::syscall
