// The profile runtime of user programs built with --config=coverage (Debian's compiler-rt
// has no profile library for AArch64): at exit, each process writes its counters as a raw
// profile (kernel/debug/profile_raw.h) through semihosting, from user mode, which QEMU
// allows with `-semihosting-config userspace=on` (the harness passes it in coverage runs,
// on both kernels). The file is prog-NAME-PID.profraw in QEMU's working directory, the
// test's outputs.
//
// What it cannot see: a process that ends without running exit handlers (_exit, as forked
// children often do, or a fatal signal) writes nothing; a forked child starts with its
// parent's counts (only the merged coverage, not the counts, is meaningful).
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernel/debug/profile_raw.h"

// The linker's bounds of the sections clang's instrumentation fills (for a Linux target it
// relies on them; no registration).
extern "C" {
extern char __start___llvm_prf_data[], __stop___llvm_prf_data[];
extern char __start___llvm_prf_cnts[], __stop___llvm_prf_cnts[];
extern char __start___llvm_prf_names[], __stop___llvm_prf_names[];
}

namespace {

constexpr uint64_t kSysOpen = 0x01;
constexpr uint64_t kSysClose = 0x02;
constexpr uint64_t kSysWrite = 0x05;
constexpr uint64_t kModeWriteBinary = 5;

uint64_t semihost(uint64_t op, const void* block) {
  register uint64_t x0 asm("x0") = op;
  register uint64_t x1 asm("x1") = reinterpret_cast<uint64_t>(block);
  asm volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  return x0;
}

void write_all(uint64_t handle, const void* data, size_t size) {
  if (size == 0) return;
  uint64_t block[3] = {handle, reinterpret_cast<uint64_t>(data), size};
  semihost(kSysWrite, block);
}

__attribute__((destructor)) void write_profile() {
  using namespace akuma::profile;
  Sections s{
      reinterpret_cast<uintptr_t>(__start___llvm_prf_data),  reinterpret_cast<uintptr_t>(__stop___llvm_prf_data),
      reinterpret_cast<uintptr_t>(__start___llvm_prf_cnts),  reinterpret_cast<uintptr_t>(__stop___llvm_prf_cnts),
      reinterpret_cast<uintptr_t>(__start___llvm_prf_names), reinterpret_cast<uintptr_t>(__stop___llvm_prf_names),
  };
  char path[128];
  snprintf(path, sizeof(path), "prog-%s-%d.profraw", program_invocation_short_name, static_cast<int>(getpid()));
  uint64_t open_block[3] = {reinterpret_cast<uint64_t>(path), kModeWriteBinary, strlen(path)};
  int64_t handle = static_cast<int64_t>(semihost(kSysOpen, open_block));
  if (handle < 0) return;
  RawHeader header = raw_header(s);
  static const char zeros[8] = {};
  write_all(handle, &header, sizeof(header));
  write_all(handle, __start___llvm_prf_data, s.data_end - s.data_begin);
  write_all(handle, __start___llvm_prf_cnts, s.counters_end - s.counters_begin);
  write_all(handle, __start___llvm_prf_names, s.names_end - s.names_begin);
  write_all(handle, zeros, padding_after_names(s));
  uint64_t close_block[1] = {static_cast<uint64_t>(handle)};
  semihost(kSysClose, close_block);
}

}  // namespace
