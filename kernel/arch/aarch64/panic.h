// Kernel panic: print a readable report on the console and stop the machine.
#pragma once

#include <stdint.h>

#include "kernel/arch/aarch64/trap_frame.h"

namespace akuma {

// QEMU's exit status after a panic (semihosting). The harness also recognises
// the "KERNEL PANIC" line, so a panic is never mistaken for a timeout.
constexpr int kPanicExitStatus = 100;

[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// Panic report for an unexpected exception: decoded ESR, FAR, ELR, registers,
// and a backtrace through the interrupted code's frame pointers.
[[noreturn]] void panic_exception(const char* what, const arch::TrapFrame& frame);

// The scheduler names the current thread in panic reports (after "cpu N").
void set_panic_context_printer(void (*printer)());

// The start of every panic report (panic, panic_exception, the sanitizers' reports): this
// CPU's IRQs are masked, lock checks stop, and the console is taken over (whatever locks the
// panicking code holds), so the report always gets out.
void begin_panic_report();

// The end of a report that began elsewhere with "*** KERNEL PANIC: ... ***" (the kernel's
// sanitizers, kernel/debug): the backtrace from the frame record at `fp`, the end marker,
// and the machine stops as after panic(). begin_panic_report() came first.
[[noreturn]] void finish_panic_report(uint64_t fp);

// Prints "  #N 0x..." lines following the frame-pointer chain from `fp`,
// numbering from `first`.
void print_backtrace(uint64_t fp, int first);

// Writes a one-line description of an ESR value (exception class and, for
// aborts, the fault status) into buf.
void describe_esr(uint64_t esr, char* buf, uint64_t size);
// The name of an abort's fault status code (ESR ISS bits 5:0), without level.
const char* fault_status_name(uint32_t fsc);

}  // namespace akuma

// For results the kernel cannot continue without (boot-time setup, tests):
// yields the value or panics naming the expression and the error.
#define TRY_OR_PANIC(expr)                                                             \
  ({                                                                                   \
    auto _akuma_result = (expr);                                                       \
    if (!_akuma_result.ok()) {                                                         \
      ::akuma::panic("%s failed: %s", #expr, ::akuma::error_name(_akuma_result.error())); \
    }                                                                                  \
    _akuma_result.release_value();                                                     \
  })
