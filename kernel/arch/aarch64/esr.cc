#include "kernel/arch/aarch64/panic.h"
#include "kernel/lib/format.h"

namespace akuma {
namespace {

const char* exception_class_name(uint32_t ec) {
  switch (ec) {
    case 0x00: return "unknown reason (undefined instruction)";
    case 0x01: return "trapped WFI/WFE";
    case 0x07: return "FP/SIMD access trap";
    case 0x0e: return "illegal execution state";
    case 0x15: return "SVC from AArch64";
    case 0x18: return "trapped MSR/MRS/system instruction";
    case 0x20: return "instruction abort from lower EL";
    case 0x21: return "instruction abort, same EL";
    case 0x22: return "PC alignment fault";
    case 0x24: return "data abort from lower EL";
    case 0x25: return "data abort, same EL";
    case 0x26: return "SP alignment fault";
    case 0x2f: return "SError interrupt";
    case 0x3c: return "BRK instruction";
    default: return "unrecognised exception class";
  }
}

}  // namespace

const char* fault_status_name(uint32_t fsc) {
  switch (fsc & 0x3c) {
    case 0x04: return "translation fault";
    case 0x08: return "access flag fault";
    case 0x0c: return "permission fault";
    case 0x00: return "address size fault";
  }
  if (fsc == 0x10) return "synchronous external abort";
  if (fsc == 0x21) return "alignment fault";
  return "other fault";
}

void describe_esr(uint64_t esr, char* buf, uint64_t size) {
  uint32_t ec = static_cast<uint32_t>(esr >> 26) & 0x3f;
  uint32_t iss = static_cast<uint32_t>(esr) & 0x1ffffff;
  bool abort = ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25;
  if (!abort) {
    format_to(buf, size, "%s (EC 0x%02x, ISS 0x%x)", exception_class_name(ec), ec, iss);
    return;
  }
  uint32_t fsc = iss & 0x3f;
  bool data = ec == 0x24 || ec == 0x25;
  bool write = data && (iss & (1 << 6));
  format_to(buf, size, "%s (EC 0x%02x): %s, level %u%s", exception_class_name(ec), ec,
            fault_status_name(fsc), fsc & 3, data ? (write ? ", write" : ", read") : "");
}

}  // namespace akuma
