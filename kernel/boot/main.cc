// kernel_main: brings the machine up, then runs the kernel's one program (the
// shell in the full kernel, a test program in a test variant) and powers off
// with its status.
#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/gic.h"
#include "kernel/arch/aarch64/mmu.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/arch/aarch64/pl011.h"
#include "kernel/arch/aarch64/semihosting.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/mm/memory.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"

extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();

extern "C" void __cxa_pure_virtual() { akuma::panic("pure virtual function called"); }

namespace akuma {

constexpr uint32_t kTickHz = 100;

void power_off(int status) {
  arch::irq_disable();
  arch::semihosting_exit(status);
}

// Defined only in images that link //kernel/net:boot: brings the network up
// (and waits for DHCP) before the program runs.
[[gnu::weak]] void net_boot();

namespace {

void pl011_irq(uint32_t) { arch::pl011::handle_irq(); }

}  // namespace
}  // namespace akuma

extern "C" [[noreturn]] void kernel_main() {
  using namespace akuma;
  for (auto* ctor = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();
  arch::pl011::init();
  arch::mmu::init();
  memory_init();
  arch::gic::init();
  arch::gic::enable(arch::pl011::kIrq, pl011_irq);
  // Threads and processes: program_main runs as PID 0 on the boot thread.
  syscall::init();
  arch::timer::init(kTickHz, sched::tick);
  arch::irq_enable();
  klog("kernel up: %zu of %zu pages free\n", free_page_count(), total_page_count());
  if (net_boot) net_boot();
  int status = program_main();
  power_off(status);
}
