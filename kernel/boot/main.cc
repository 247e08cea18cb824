// kernel_main: brings the machine up, then runs the kernel's one program (the
// shell in the full kernel, a test program in a test variant) and powers off
// with its status.
#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/entropy.h"
#include "kernel/arch/aarch64/gic.h"
#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/arch/aarch64/mmu.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/arch/aarch64/percpu.h"
#include "kernel/arch/aarch64/pl011.h"
#include "kernel/arch/aarch64/semihosting.h"
#include "kernel/arch/aarch64/timer.h"
#include "kernel/boot/boot_info.h"
#include "kernel/boot/fdt.h"
#include "kernel/boot/program.h"
#include "kernel/boot/smp.h"
#include "kernel/console/console.h"
#include "kernel/debug/seeded_schedule.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/filesystem.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/syscall.h"

extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();

extern "C" void __cxa_pure_virtual() { akuma::panic("pure virtual function called"); }

namespace akuma {

constexpr uint32_t kTickHz = 100;

void power_off(int status) {
  arch::irq_disable();
  arch::semihosting_exit(status);
}

// Defined only in images that link //kernel/net:boot: brings the network up
// (and waits for DHCP) before the program runs.
[[gnu::weak]] void net_boot();

namespace {

fdt::BootInfo g_boot_info;

void pl011_irq(uint32_t) { arch::pl011::handle_irq(); }

// The device tree QEMU passed in x0: RAM size, the initramfs, the command
// line. Without it the kernel cannot know its memory.
void read_device_tree(uint64_t dtb_phys) {
  if (dtb_phys == 0 || dtb_phys % 8 != 0) panic("boot: no device tree (x0 = %p)", reinterpret_cast<void*>(dtb_phys));
  const auto* blob = phys_ptr<const uint8_t>(dtb_phys);
  auto size = fdt::blob_size(blob, fdt::kMaxBlobSize);
  if (!size.ok()) panic("boot: the device tree at %p is damaged", reinterpret_cast<void*>(dtb_phys));
  auto info = fdt::parse_boot_info(blob, size.value());
  if (!info.ok()) panic("boot: device tree: %s", error_name(info.error()));
  g_boot_info = info.value();
  console_configure(g_boot_info.bootargs);
  seeded_schedule::configure(g_boot_info.bootargs);
}

}  // namespace

const fdt::BootInfo& boot_info() { return g_boot_info; }

}  // namespace akuma

extern "C" [[noreturn]] void kernel_main(uint64_t dtb_phys) {
  using namespace akuma;
  // Before anything takes a lock: locks record their holder per CPU.
  arch::percpu_init_boot();
  for (auto* ctor = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();
  arch::pl011::init();
  read_device_tree(dtb_phys);
  const fdt::BootInfo& info = g_boot_info;
  arch::mmu::init(info.ram_base + info.ram_size);
  PhysRange initrd{info.initrd_start, info.initrd_end};
  memory_init(info.ram_base, info.ram_size, &initrd, initrd.end > initrd.start ? 1 : 0);
  arch::gic::init();
  arch::gic::enable(arch::pl011::kIrq, pl011_irq);
  arch::entropy_init(info.rng_seed);
  // Threads and processes: program_main runs as PID 0 on the boot thread.
  syscall::init();
  if (auto fs = proc::mount_initramfs(info.initrd_start, info.initrd_end); !fs.ok()) {
    panic("boot: no root file system: %s", error_name(fs.error()));
  }
  arch::timer::init(kTickHz, sched::tick);
  // The other CPUs: the machine's (QEMU's -smp), or as many as maxcpus=N.
  uint32_t cpus = start_secondary_cpus(info, console_option("maxcpus", 0));
  klog("%u cpus online\n", cpus);
  arch::irq_enable();
  klog("kernel up: %zu of %zu pages free\n", free_page_count(), total_page_count());
  if (net_boot) net_boot();
  int status = program_main();
  power_off(status);
}
