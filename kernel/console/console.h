// Kernel console output on the serial port.
#pragma once

#include <stdarg.h>
#include <stddef.h>

namespace akuma {

// One whole call is written at a time (the console lock, rank kConsole), so
// lines printed by different CPUs never mix.
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
// Reads "quiet" and "loglevel=N" from the kernel command line (which must
// outlive the kernel: boot_info's copy).
void console_configure(const char* cmdline);
// The value of "key=N" on the kernel command line, or `fallback`.
int console_option(const char* key, int fallback);

}  // namespace akuma

namespace akuma {

// Next byte typed on the serial console; waits until one arrives: with WFI
// until the process layer installs its reader, which blocks the caller on a
// wait queue so other threads run meanwhile.
char console_read_char();
void set_console_reader(char (*read)());
// From now on the console writes without its lock: a panic report (whoever
// held the lock may never let go).
void console_panic_mode();

}  // namespace akuma
