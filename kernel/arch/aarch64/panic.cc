#include "kernel/arch/aarch64/panic.h"

#include <stdarg.h>

#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/lock.h"
#include "kernel/arch/aarch64/percpu.h"
#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/arch/aarch64/semihosting.h"
#include "kernel/console/console.h"

extern "C" char __kernel_start[], __kernel_end[];

namespace akuma {
namespace {

bool in_kernel_memory(uint64_t addr) {
  // Frame records live on kernel stacks, which are in RAM past the image too
  // (thread stacks come from the page allocator): accept RAM's linear map.
  return addr >= phys_to_virt(kRamBasePhys) && addr < phys_to_virt(kRamBasePhys + (3ull << 30)) &&
         (addr & 7) == 0;
}

void (*context_printer)();

// Where it happened: the CPU, its current thread (the scheduler's words).
void print_context() {
  kprintf("cpu %u", arch::this_cpu().id);
  if (context_printer) context_printer();
  kprintf("\n");
}

[[noreturn]] void halt() {
  kprintf("*** end of panic report ***\n");
  arch::semihosting_exit(kPanicExitStatus);
}

}  // namespace

void set_panic_context_printer(void (*printer)()) { context_printer = printer; }

void print_backtrace(uint64_t fp, int depth) {
  for (; depth < 24 && fp && in_kernel_memory(fp); ++depth) {
    auto* record = reinterpret_cast<const uint64_t*>(fp);
    uint64_t lr = record[1];
    if (lr == 0) break;
    kprintf("  #%d 0x%016lx\n", depth, lr);
    if (record[0] <= fp) break;  // frames grow upwards; anything else is garbage
    fp = record[0];
  }
}

void begin_panic_report() {
  arch::irq_disable();
  arch::disable_lock_checks();
  console_panic_mode();
}

void panic(const char* fmt, ...) {
  begin_panic_report();
  kprintf("\n*** KERNEL PANIC: ");
  va_list args;
  va_start(args, fmt);
  vkprintf(fmt, args);
  va_end(args);
  kprintf(" ***\n");
  print_context();
  kprintf("backtrace:\n");
  print_backtrace(reinterpret_cast<uint64_t>(__builtin_frame_address(0)), 0);
  halt();
}

void finish_panic_report(uint64_t fp) {
  kprintf("backtrace:\n");
  print_backtrace(fp, 0);
  halt();
}

void panic_exception(const char* what, const arch::TrapFrame& f) {
  begin_panic_report();
  char esr_text[160];
  describe_esr(f.esr, esr_text, sizeof(esr_text));
  kprintf("\n*** KERNEL PANIC: %s ***\n", what);
  print_context();
  kprintf("SP   0x%016lx (the frame)\n", reinterpret_cast<uint64_t>(&f));
  kprintf("ESR  0x%08lx  %s\n", f.esr, esr_text);
  kprintf("FAR  0x%016lx\nELR  0x%016lx\nSPSR 0x%08lx  SP_EL0 0x%016lx\n", f.far, f.elr, f.spsr,
          f.sp_el0);
  for (int i = 0; i < 31; ++i) {
    kprintf("x%-2d 0x%016lx%s", i, f.x[i], (i % 4 == 3 || i == 30) ? "\n" : "  ");
  }
  kprintf("backtrace:\n  #0 0x%016lx\n", f.elr);
  print_backtrace(f.x[29], 1);
  halt();
}

}  // namespace akuma
