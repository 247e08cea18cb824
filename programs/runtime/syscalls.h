// Syscall wrappers for user programs. Each returns the kernel's result: a
// value >= 0, or a negative errno (kernel/syscall/abi.h).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/syscall/abi.h"

namespace user {

using akuma::abi::Rusage;
using akuma::abi::Stdio;

[[noreturn]] void exit(int code);
long write(int fd, const void* buf, size_t len);
long read(int fd, void* buf, size_t len);
long getpid();
long getppid();
// argv: NULL-terminated, may be nullptr.
long spawn(const char* name, const char* const* argv, Stdio stdio = Stdio::kConsole);
long wait4(long pid, int* status, int options, Rusage* usage);
long kill(long pid);
long sleep_ms(uint64_t ms);
long uptime_ms();
long yield();
long chan_read(long pid, void* buf, size_t len);
// Raw entry, for tests that pass bad arguments on purpose.
long syscall6(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

}  // namespace user
