// The process API, for kernel code running as PID 0 (the shell, test
// programs) and for the syscall layer, which calls it on behalf of the
// current process. "The caller" is always the current process.
#pragma once

#include <stddef.h>

#include "kernel/lib/result.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/abi.h"

namespace akuma::proc {

constexpr size_t kMaxArgs = 16;

// Starts program `name` as a child of the caller. argv is NULL-terminated
// (argv[0] is conventionally the name) and may be nullptr (then argv = {name}).
Result<Pid> spawn(const char* name, const char* const* argv, abi::Stdio stdio = abi::Stdio::kConsole);

struct WaitResult {
  Pid pid;  // 0 with WNOHANG when no child has exited yet
  int status;
  abi::Rusage rusage;
};
// Reaps a zombie child of the caller (pid, or any with -1). kNoChild when
// nothing matches, kInterrupted when killed while waiting.
Result<WaitResult> wait4(Pid pid, int options);

// Kills `pid` (the seed's sequence): returns once it is a zombie with status
// `signal` (or with its own status if it exited first). Killing a zombie does
// nothing; an unknown pid is kNotFound; PID 0 is kPermission. The signal only
// names the death in the wait status: SIGKILL (137, `kill`) or SIGINT (130,
// the shell's Ctrl-C); the first kill's signal wins.
Result<void> kill(Pid pid, int signal = abi::kSIGKILL);

// A child's live output (blocks until some arrives; 0 once it exited and all
// was read), and its input.
Result<size_t> read_output(Pid child, char* buf, size_t len);
Result<size_t> write_input(Pid child, const char* buf, size_t len);
Result<void> close_input(Pid child);

// Waits until `pid` is blocked in a syscall or has exited, or timeout_ms
// passes (a program computing without pause), and returns its state then.
// A shell uses it after `cmd &`, so the job's first lines come before the
// next prompt. kNotFound for an unknown pid.
Result<ProcessState> wait_settled(Pid pid, uint64_t timeout_ms);

struct ProcessInfo {
  Pid pid;
  Pid ppid;
  ProcessState state;
  char name[kNameLen];
};
Result<ProcessInfo> info(Pid pid);
// Fills up to `max` entries in pid order; returns how many exist.
size_t list(ProcessInfo* out, size_t max);

}  // namespace akuma::proc
