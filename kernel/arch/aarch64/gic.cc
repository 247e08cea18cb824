#include "kernel/arch/aarch64/gic.h"

#include "kernel/arch/aarch64/mmio.h"
#include "kernel/arch/aarch64/percpu.h"
#include "kernel/console/console.h"

namespace akuma::arch::gic {
namespace {

constexpr uintptr_t kDist = 0x08000000;
constexpr uintptr_t kCpu = 0x08010000;
constexpr uintptr_t kGICD_CTLR = kDist + 0x000;
constexpr uintptr_t kGICD_ISENABLER = kDist + 0x100;
constexpr uintptr_t kGICD_ICENABLER = kDist + 0x180;
constexpr uintptr_t kGICD_IPRIORITYR = kDist + 0x400;
constexpr uintptr_t kGICD_ITARGETSR = kDist + 0x800;
constexpr uintptr_t kGICD_ICFGR = kDist + 0xc00;
constexpr uintptr_t kGICD_SGIR = kDist + 0xf00;
constexpr uintptr_t kGICC_CTLR = kCpu + 0x000;
constexpr uintptr_t kGICC_PMR = kCpu + 0x004;
constexpr uintptr_t kGICC_IAR = kCpu + 0x00c;
constexpr uintptr_t kGICC_EOIR = kCpu + 0x010;
constexpr uint32_t kSpurious = 1023;
constexpr uint32_t kMaxIrq = 128;

Handler handlers[kMaxIrq];  // set before the interrupt is enabled; read by any CPU
uint64_t counts[kMaxIrq];    // approximate: CPUs add without a lock

}  // namespace

void init_cpu() {
  // GICD_ITARGETSR0 is banked: its first byte names this CPU's interface.
  this_cpu().gic_mask = mmio_read8(kGICD_ITARGETSR);
  mmio_write32(kGICC_PMR, 0xff);  // let every priority through
  mmio_write32(kGICC_CTLR, 1);
}

void init() {
  mmio_write32(kGICD_CTLR, 0);
  for (uint32_t i = 0; i < kMaxIrq; i += 32) mmio_write32(kGICD_ICENABLER + i / 8, 0xffffffff);
  mmio_write32(kGICD_CTLR, 1);
  init_cpu();
}

void send_sgi(uint32_t intid, uint32_t cpu_id) {
  uint32_t mask = cpu_by_id(cpu_id).gic_mask;
  if (mask == 0) return;  // not up yet
  asm volatile("dsb ishst" ::: "memory");  // what the IPI announces is visible first
  mmio_write32(kGICD_SGIR, (mask << 16) | (intid & 0xf));
}

void enable(uint32_t intid, Handler handler) {
  if (intid >= kMaxIrq) return;
  handlers[intid] = handler;
  mmio_write8(kGICD_IPRIORITYR + intid, 0x80);
  if (intid >= 32) {
    mmio_write8(kGICD_ITARGETSR + intid, 0x01);
    // Level-triggered: clear the edge bit for this interrupt.
    uintptr_t cfg = kGICD_ICFGR + (intid / 16) * 4;
    mmio_write32(cfg, mmio_read32(cfg) & ~(2u << ((intid % 16) * 2)));
  }
  mmio_write32(kGICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void disable(uint32_t intid) {
  if (intid >= kMaxIrq) return;
  mmio_write32(kGICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void handle_irq() {
  for (;;) {
    uint32_t iar = mmio_read32(kGICC_IAR);
    uint32_t intid = iar & 0x3ff;
    if (intid == kSpurious) return;
    if (intid < kMaxIrq) {
      ++counts[intid];
      ++this_cpu().irqs;
      if (handlers[intid]) {
        handlers[intid](intid);
      } else {
        kprintf("gic: unexpected interrupt %u, masking it\n", intid);
        disable(intid);
      }
    }
    mmio_write32(kGICC_EOIR, iar);
  }
}

uint64_t count(uint32_t intid) { return intid < kMaxIrq ? counts[intid] : 0; }

}  // namespace akuma::arch::gic
