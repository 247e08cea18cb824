// Internal to kernel/syscall: the number -> handler table (table.cc).
#pragma once

#include <stdint.h>

#include "kernel/syscall/syscall.h"

namespace akuma::syscall {

// What happens to a call that a signal interrupted (it returned EINTR):
// Linux's ERESTARTSYS / ERESTARTNOHAND / ERESTART_RESTARTBLOCK.
enum class Restart : uint8_t {
  kNever,        // EINTR stays
  kUnlessHandler,  // restarted if no handler runs (stop/continue, ignored)
  kIfSaRestart,  // restarted if no handler runs or the handler has SA_RESTART
  kSleep,        // resumed through restart_syscall (the time left) if no handler runs
};

// nullptr for a number no handler implements (the caller returns ENOSYS).
Handler handler_for(uint64_t number);
Restart restart_for(uint64_t number);
// The call's Linux name ("read"), nullptr if not implemented.
const char* syscall_name(uint64_t number);

}  // namespace akuma::syscall
