#include "kernel/arch/aarch64/exceptions.h"

#include "kernel/arch/aarch64/gic.h"
#include "kernel/arch/aarch64/panic.h"

namespace akuma::arch {
namespace {

UserSyncHandler user_sync_handler;
IrqExitHook irq_exit_hook;

enum Kind : uint64_t {
  kKernelSync = 4,
  kKernelIrq = 5,
  kUserSync = 8,
  kUserIrq = 9,
};

const char* kind_name(uint64_t kind) {
  static const char* const names[] = {
      "sync exception, EL1 with SP_EL0", "IRQ, EL1 with SP_EL0", "FIQ, EL1 with SP_EL0",
      "SError, EL1 with SP_EL0",         "synchronous exception in the kernel",
      "IRQ in the kernel",               "FIQ in the kernel",
      "SError in the kernel",            "synchronous exception from user mode",
      "IRQ from user mode",              "FIQ from user mode",
      "SError from user mode",           "exception from AArch32 (unsupported)",
      "IRQ from AArch32 (unsupported)",  "FIQ from AArch32 (unsupported)",
      "SError from AArch32 (unsupported)"};
  return kind < 16 ? names[kind] : "unknown exception kind";
}

}  // namespace

void set_user_sync_handler(UserSyncHandler h) { user_sync_handler = h; }
void set_irq_exit_hook(IrqExitHook h) { irq_exit_hook = h; }

}  // namespace akuma::arch

using namespace akuma::arch;

extern "C" void exception_dispatch(uint64_t kind, TrapFrame* frame) {
  switch (kind) {
    case kKernelIrq:
    case kUserIrq:
      gic::handle_irq();
      if (irq_exit_hook) irq_exit_hook(frame);
      return;
    case kUserSync:
      if (user_sync_handler) {
        user_sync_handler(frame);
        return;
      }
      break;
    default:
      break;
  }
  akuma::panic_exception(kind_name(kind), *frame);
}
