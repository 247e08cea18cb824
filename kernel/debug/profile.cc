// The kernel's profile runtime (--config=coverage): clang's -fprofile-instr-generate
// -fcoverage-mapping counts every region of instrumented code into __llvm_prf_cnts, which
// the linker script keeps together with the per-function records and names
// (kernel/arch/aarch64/linker.ld). At power-off (and after a panic) the kernel writes them
// out as a raw profile (profile_raw.h) through semihosting, into QEMU's working directory,
// which the harness makes the test's outputs directory. llvm-profdata merges it with the
// kernel ELF's coverage mapping (tools/coverage.sh).

#include "kernel/arch/aarch64/semihosting.h"
#include "kernel/debug/profile_raw.h"

extern "C" {
extern char __prf_data_start[], __prf_data_end[];
extern char __prf_cnts_start[], __prf_cnts_end[];
extern char __prf_names_start[], __prf_names_end[];
}

namespace {

constexpr const char* kProfileFile = "akuma-kernel.profraw";

bool written;

}  // namespace

// Called by semihosting_exit before the machine stops (a weak hook there).
extern "C" void akuma_before_power_off() {
  using namespace akuma;
  if (written) return;  // a panic while writing it
  written = true;
  profile::Sections s{
      reinterpret_cast<uintptr_t>(__prf_data_start),  reinterpret_cast<uintptr_t>(__prf_data_end),
      reinterpret_cast<uintptr_t>(__prf_cnts_start),  reinterpret_cast<uintptr_t>(__prf_cnts_end),
      reinterpret_cast<uintptr_t>(__prf_names_start), reinterpret_cast<uintptr_t>(__prf_names_end),
  };
  profile::RawHeader header = profile::raw_header(s);
  auto file = arch::semihosting_open(kProfileFile);
  if (!file.ok()) return;  // not under the harness's QEMU: nowhere to write
  static const uint8_t zeros[8] = {};
  (void)arch::semihosting_write(file.value(), &header, sizeof(header));
  (void)arch::semihosting_write(file.value(), __prf_data_start, s.data_end - s.data_begin);
  (void)arch::semihosting_write(file.value(), __prf_cnts_start, s.counters_end - s.counters_begin);
  (void)arch::semihosting_write(file.value(), __prf_names_start, s.names_end - s.names_begin);
  (void)arch::semihosting_write(file.value(), zeros, profile::padding_after_names(s));
  arch::semihosting_close(file.value());
}
