// Exception dispatch: where vectors.S hands every exception. Higher layers
// (scheduler, syscalls) register hooks so arch/ does not depend on them.
#pragma once

#include "kernel/arch/aarch64/trap_frame.h"

namespace akuma::arch {

// Handles a synchronous exception from EL0 (SVC, faults). Returns normally to
// resume the (possibly modified, possibly different) frame.
using UserSyncHandler = void (*)(TrapFrame* frame);
// Runs after every IRQ with the interrupted frame (preemption point).
using IrqExitHook = void (*)(TrapFrame* frame);

void set_user_sync_handler(UserSyncHandler h);
void set_irq_exit_hook(IrqExitHook h);

}  // namespace akuma::arch
