// The serial console as a file: what /dev/console is, and what a program
// started with console stdio has as descriptors 0, 1 and 2. A terminal
// (TCGETS answers), writes go straight to the UART, reads take the bytes
// typed so far (blocking, interruptibly, until at least one arrives).
//
// In the full kernel the shell's input thread is the console's reader, and
// programs get their input through pipes the shell feeds; a program reading
// the console itself competes with it (only images without a shell, such
// as the conformance kernel running /init, do that).
#pragma once

#include "kernel/lib/result.h"
#include "kernel/proc/file.h"

namespace akuma::proc {

// A new open file on the console (one reference).
Result<OpenFile*> open_console(int flags);

// Hooks the UART's receive interrupt: readers of the console (and
// console_read_char, the shell's) block instead of spinning.
void install_console_input();

}  // namespace akuma::proc
