// Small helpers shared by the process test programs (PID 0 code).
#pragma once

#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/syscall/abi.h"

namespace akuma::proc::test {

inline const char* yes(bool b) { return b ? "yes" : "no"; }

// "exit code N" the way a shell shows it (137 for a kill).
inline int code(int status) { return abi::shell_exit_code(status); }

// Spawns or stops the test with a clear line.
inline Pid must_spawn(const char* name, const char* const* argv = nullptr,
                      abi::Stdio stdio = abi::Stdio::kConsole) {
  auto r = spawn(name, argv, stdio);
  if (!r.ok()) {
    kprintf("FAIL: spawn '%s': %s\n", name, error_name(r.error()));
    power_off(1);
  }
  return r.value();
}

inline WaitResult must_wait(Pid pid) {
  auto r = wait4(pid, 0);
  if (!r.ok()) {
    kprintf("FAIL: wait4(%d): %s\n", pid, error_name(r.error()));
    power_off(1);
  }
  return r.value();
}

inline const char* state_of(Pid pid) {
  auto i = info(pid);
  return i.ok() ? process_state_name(i.value().state) : "gone";
}

// Memory in use right now, to compare against a baseline.
struct MemorySnapshot {
  size_t free_pages;
  size_t heap_bytes;
  static MemorySnapshot now() { return {free_page_count(), heap_stats().bytes_in_use}; }
  bool operator==(const MemorySnapshot& o) const {
    return free_pages == o.free_pages && heap_bytes == o.heap_bytes;
  }
};

}  // namespace akuma::proc::test
