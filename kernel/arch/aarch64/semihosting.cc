#include "kernel/arch/aarch64/semihosting.h"

#include <stdint.h>

#include "kernel/lib/string.h"

extern "C" [[gnu::weak]] void akuma_before_power_off();

namespace akuma::arch {
namespace {
constexpr uint64_t kSysOpen = 0x01;
constexpr uint64_t kSysClose = 0x02;
constexpr uint64_t kSysWrite = 0x05;
constexpr uint64_t kSysExitExtended = 0x20;
constexpr uint64_t kAdpStoppedApplicationExit = 0x20026;
constexpr uint64_t kModeWriteBinary = 5;  // fopen's "wb"

uint64_t call(uint64_t op, const void* block) {
  register uint64_t x0 asm("x0") = op;
  register uint64_t x1 asm("x1") = reinterpret_cast<uint64_t>(block);
  asm volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  return x0;
}
}  // namespace

void semihosting_exit(int status) {
  if (akuma_before_power_off) akuma_before_power_off();
  // SYS_EXIT_EXTENDED takes a pointer to {reason, subcode}.
  uint64_t block[2] = {kAdpStoppedApplicationExit, static_cast<uint64_t>(status)};
  call(kSysExitExtended, block);
  // Without -semihosting the hlt traps; never return either way.
  for (;;) asm volatile("wfi");
}

Result<int> semihosting_open(const char* path) {
  uint64_t block[3] = {reinterpret_cast<uint64_t>(path), kModeWriteBinary, string_length(path)};
  int64_t handle = static_cast<int64_t>(call(kSysOpen, block));
  if (handle < 0) return Error::kNotSupported;  // the host refused it (or there is none)
  return static_cast<int>(handle);
}

Result<void> semihosting_write(int handle, const void* data, size_t size) {
  if (size == 0) return {};
  uint64_t block[3] = {static_cast<uint64_t>(handle), reinterpret_cast<uint64_t>(data), size};
  // SYS_WRITE returns the number of bytes it did not write.
  if (call(kSysWrite, block) != 0) return Error::kNotSupported;  // the host refused it (or there is none)
  return {};
}

void semihosting_close(int handle) {
  uint64_t block[1] = {static_cast<uint64_t>(handle)};
  call(kSysClose, block);
}

}  // namespace akuma::arch
