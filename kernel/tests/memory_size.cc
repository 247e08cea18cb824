// RAM and the initramfs come from the device tree, not from constants: the
// same image booted with -m 64M and -m 512M sees that much memory, keeps the
// initramfs out of the page allocator until it is unpacked, then has its
// pages back, and runs a program from it either way.
#include "kernel/arch/aarch64/memory_map.h"
#include "kernel/boot/boot_info.h"
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/proc/filesystem.h"

namespace akuma {

int program_main() {
  const fdt::BootInfo& info = boot_info();
  uint64_t ram_mib = info.ram_size >> 20;
  kprintf("device tree: RAM at %p, %llu MiB\n", reinterpret_cast<void*>(info.ram_base),
          static_cast<unsigned long long>(ram_mib));
  uint64_t initrd = info.initrd_end - info.initrd_start;
  kprintf("device tree: an initramfs inside RAM: %s\n",
          initrd > 0 && info.initrd_start >= info.ram_base && info.initrd_end <= info.ram_base + info.ram_size ? "yes"
                                                                                                               : "no");
  // Every page after the kernel image is the allocator's (its bitmap aside), but for what
  // a sanitizer build's KASAN took for its shadow.
  uint64_t image_end = virt_to_phys(align_up(reinterpret_cast<uint64_t>(&kprintf), kPageSize));
  uint64_t expected = (info.ram_base + info.ram_size - image_end) / kPageSize;
  uint64_t total = total_page_count() + sanitizer_page_count();
  kprintf("page allocator covers the RAM after the kernel: %s\n",
          total <= expected && total + 1024 >= expected ? "yes" : "no");
  proc::FilesystemStats fs = proc::filesystem_stats();
  kprintf("initramfs unpacked: %zu entries\n", fs.entries);
  // The tree holds copies of the files: the archive's own pages go back to
  // the allocator (all of them: the range is rounded outwards to pages).
  uint64_t initrd_pages = align_up(initrd, kPageSize) / kPageSize;
  kprintf("the archive's pages were given back: %s\n", released_page_count() >= initrd_pages ? "yes" : "no");
  const char* argv[] = {"exit_with", "7", nullptr};
  auto pid = proc::spawn("/bin/exit_with", argv, nullptr, proc::Stdio::kConsole);
  if (!pid.ok()) {
    kprintf("spawn: %s\n", error_name(pid.error()));
    return 1;
  }
  auto w = proc::wait4(pid.value(), 0);
  kprintf("a program from the initramfs ran: exit code %d\n", w.ok() ? proc::shell_exit_code(w.value().status) : -1);
  return 0;
}

}  // namespace akuma
