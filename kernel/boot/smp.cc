// Bringing up the other CPUs (issue 10): each is started through PSCI
// CPU_ON at secondary_entry (boot.S) with its own stack, turns its MMU on
// with the boot tables, then here: its per-CPU record, the kernel's tables,
// its GIC interface and timer, and the scheduler, where its idle thread
// waits for work. The boot CPU waits until each one is online.
#include "kernel/arch/aarch64/gic.h"
#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/arch/aarch64/mmu.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/arch/aarch64/percpu.h"
#include "kernel/arch/aarch64/psci.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/smp.h"
#include "kernel/console/console.h"
#include "kernel/mm/memory.h"
#include "kernel/sched/scheduler.h"

extern "C" void secondary_entry();
// Read by secondary_entry (boot.S) once its MMU is on.
extern "C" uint64_t secondary_stack_tops[akuma::arch::kMaxCpus];
uint64_t secondary_stack_tops[akuma::arch::kMaxCpus];

namespace akuma {
namespace {

constexpr size_t kSecondaryStackPages = 4;
// How long a CPU may take to come online (it runs a few hundred
// instructions): far more than QEMU ever needs, even on a loaded host.
constexpr uint64_t kOnlineTimeoutNs = 5'000'000'000ull;

arch::psci::Conduit conduit_of(fdt::PsciConduit c) {
  switch (c) {
    case fdt::PsciConduit::kHvc: return arch::psci::Conduit::kHvc;
    case fdt::PsciConduit::kSmc: return arch::psci::Conduit::kSmc;
    default: return arch::psci::Conduit::kNone;
  }
}

}  // namespace

uint32_t start_secondary_cpus(const fdt::BootInfo& info, uint32_t max_cpus) {
  uint32_t n = info.cpu_count < fdt::BootInfo::kMaxCpus ? info.cpu_count : fdt::BootInfo::kMaxCpus;
  if (max_cpus && n > max_cpus) n = max_cpus;
  arch::percpu_set_cpus(info.cpu_mpidr, n);
  uint64_t entry = virt_to_phys(reinterpret_cast<uint64_t>(&secondary_entry));
  for (uint32_t id = 1; id < arch::cpu_count(); ++id) {
    auto stack = alloc_pages(kSecondaryStackPages);
    if (!stack.ok()) panic("smp: no stack for cpu %u", id);
    secondary_stack_tops[id] = stack.value() + kSecondaryStackPages * kPageSize;
    asm volatile("dsb ish" ::: "memory");
    arch::PerCpu& c = arch::cpu_by_id(id);
    auto on = arch::psci::cpu_on(conduit_of(info.psci), c.mpidr, entry, id);
    if (!on.ok()) {
      kprintf("smp: cpu %u (mpidr %#lx) did not start: %s\n", id, static_cast<unsigned long>(c.mpidr),
              error_name(on.error()));
      free_pages(stack.value(), kSecondaryStackPages);
      continue;
    }
    uint64_t deadline = arch::timer::now_ns() + kOnlineTimeoutNs;
    while (!__atomic_load_n(&c.online, __ATOMIC_ACQUIRE)) {
      if (arch::timer::now_ns() > deadline) panic("smp: cpu %u never came online", id);
      asm volatile("yield");
    }
  }
  return sched::online_cpus();
}

}  // namespace akuma

extern "C" [[noreturn]] void secondary_main(uint32_t id) {
  using namespace akuma;
  arch::percpu_init_secondary(id);
  arch::mmu::init_cpu();
  arch::gic::init_cpu();
  arch::timer::init_cpu();
  sched::run_secondary();
}
