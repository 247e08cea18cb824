// Internal to kernel/syscall: building a signal handler's frame on the user
// stack (signal_frame.cc; rt_sigreturn undoes it).
#pragma once

#include "kernel/arch/aarch64/trap_frame.h"
#include "kernel/lib/result.h"
#include "kernel/proc/api.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {

// Writes the frame for `d` and points `f` at the handler. kBadAddress when
// the stack cannot take it (the caller then kills with SIGSEGV).
Result<void> push_signal_frame(arch::TrapFrame& f, const proc::SignalDelivery& d);

}  // namespace akuma::syscall
