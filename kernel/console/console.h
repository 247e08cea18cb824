// Kernel console output on the serial port.
#pragma once

#include <stdarg.h>
#include <stddef.h>

namespace akuma {

void kprintf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void vkprintf(const char* fmt, va_list args);
void console_write(const char* s, size_t n);

// Boot messages that would make transcripts vary go through klog, printed only
// when the kernel is booted verbose (QEMU `-append verbose` is not available
// for ELF kernels, so verbosity is a build-time define: AKUMA_VERBOSE_BOOT).
void klog(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Kernel notices of KERN_INFO weight (a program killed by a fault), printed
// unless the command line lowered the console log level the way Linux's does
// ("quiet" = 4, "loglevel=N"; the default 7 shows them). So one command line
// ("quiet loglevel=0") keeps both this kernel and Linux silent in tests that
// compare their transcripts.
void kinfo(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// Reads "quiet" and "loglevel=N" from the kernel command line.
void console_configure(const char* cmdline);

}  // namespace akuma

namespace akuma {

// Next byte typed on the serial console; waits (WFI) until one arrives.
// Until the scheduler exists this is the only reader: PID 0's shell.
char console_read_char();
// How console_read_char waits when no byte is ready; called with IRQs masked
// and must return once input may have arrived. The scheduler installs one
// that blocks the reader on a wait queue, so other threads (background
// programs) run meanwhile; without it the reader waits with WFI.
void set_console_input_wait(void (*wait)());

}  // namespace akuma
