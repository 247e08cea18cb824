#include "kernel/arch/aarch64/percpu.h"

#include "kernel/arch/aarch64/cpu.h"

namespace akuma::arch {
namespace {

PerCpu cpus[kMaxCpus];
uint32_t count = 1;

void set_tpidr(PerCpu* c) { asm volatile("msr tpidr_el1, %0" ::"r"(c) : "memory"); }

}  // namespace

PerCpu& cpu_by_id(uint32_t id) { return cpus[id < kMaxCpus ? id : 0]; }
uint32_t cpu_count() { return __atomic_load_n(&count, __ATOMIC_ACQUIRE); }

void percpu_init_boot() {
  cpus[0].id = 0;
  cpus[0].mpidr = AKUMA_READ_SYSREG(mpidr_el1) & 0xff00ffffffull;
  set_tpidr(&cpus[0]);
}

void percpu_init_secondary(uint32_t id) { set_tpidr(&cpus[id]); }

void percpu_set_cpus(const uint64_t* mpidrs, uint32_t n) {
  if (n == 0) return;
  if (n > kMaxCpus) n = kMaxCpus;
  uint64_t boot = cpus[0].mpidr;
  uint32_t next = 1;
  // The boot CPU keeps record 0; the others follow in the device tree's order.
  for (uint32_t i = 0; i < n && next < kMaxCpus; ++i) {
    if ((mpidrs[i] & 0xff00ffffffull) == boot) continue;
    cpus[next].id = next;
    cpus[next].mpidr = mpidrs[i];
    ++next;
  }
  __atomic_store_n(&count, next, __ATOMIC_RELEASE);
}

}  // namespace akuma::arch
