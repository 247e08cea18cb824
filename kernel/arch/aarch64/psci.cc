#include "kernel/arch/aarch64/psci.h"

namespace akuma::arch::psci {
namespace {

constexpr uint64_t kCpuOn64 = 0xc4000003;
constexpr int64_t kSuccess = 0;
constexpr int64_t kInvalidParameters = -2;
constexpr int64_t kAlreadyOn = -4;
constexpr int64_t kOnPending = -5;

int64_t call(Conduit conduit, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3) {
  register uint64_t x0 asm("x0") = fn;
  register uint64_t x1 asm("x1") = a1;
  register uint64_t x2 asm("x2") = a2;
  register uint64_t x3 asm("x3") = a3;
  if (conduit == Conduit::kHvc) {
    asm volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
  } else {
    asm volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
  }
  return static_cast<int64_t>(x0);
}

}  // namespace

Result<void> cpu_on(Conduit conduit, uint64_t mpidr, uint64_t entry, uint64_t context) {
  if (conduit == Conduit::kNone) return Error::kNotSupported;
  switch (call(conduit, kCpuOn64, mpidr, entry, context)) {
    case kSuccess: return {};
    case kInvalidParameters: return Error::kInvalidArgument;
    case kAlreadyOn: return Error::kExists;
    case kOnPending: return Error::kBusy;
    default: return Error::kNotSupported;
  }
}

}  // namespace akuma::arch::psci
