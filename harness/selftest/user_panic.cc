// A kernel panic on behalf of a user program: the self-test replaces the handler of
// synchronous exceptions from EL0 with one that panics, then starts a program, whose first
// system call panics. The backtrace then crosses the exception entry into user space, which
// the harness must label as such (not as the kernel image's last symbol).
#include "kernel/arch/aarch64/exceptions.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/proc/api.h"

namespace akuma {
namespace {

[[gnu::noinline]] void panic_on_user_trap(arch::TrapFrame*) {
  panic("self-test: a trap from user space");
}

}  // namespace

int program_main() {
  kprintf("user_panic: the next trap from user space panics\n");
  arch::set_user_sync_handler(panic_on_user_trap);
  auto pid = proc::spawn("/bin/quick_exit", nullptr, nullptr, proc::Stdio::kConsole);
  if (!pid.ok()) return 1;
  (void)proc::wait4(pid.value(), 0);
  return 0;
}

}  // namespace akuma
