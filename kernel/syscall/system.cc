// System syscalls: uname, getrandom, reboot, sysinfo.
#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/entropy.h"
#include "kernel/arch/aarch64/semihosting.h"
#include "kernel/lib/string.h"
#include "kernel/mm/address_space.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {

int64_t sys_uname(const Args& a) {
  abi::Utsname u{};
  // This kernel speaks Linux 6.1's ABI; the release says so (glibc compares
  // it with the oldest kernel it supports), the name says whose kernel it is.
  string_copy(u.sysname, "Akuma", sizeof(u.sysname));
  string_copy(u.nodename, "akuma", sizeof(u.nodename));
  string_copy(u.release, "6.1.0-akuma", sizeof(u.release));
  string_copy(u.version, "#1", sizeof(u.version));
  string_copy(u.machine, "aarch64", sizeof(u.machine));
  string_copy(u.domainname, "(none)", sizeof(u.domainname));
  return to_return(UserPtr<abi::Utsname>{a.a[0]}.write(user_space(), u));
}

int64_t sys_getrandom(const Args& a) {
  uint64_t ubuf = a.a[0];
  size_t len = a.a[1] > 33554431 ? 33554431 : a.a[1];  // Linux's cap per call
  uint32_t flags = static_cast<uint32_t>(a.a[2]);
  constexpr uint32_t kInsecure = 4;
  auto r = [&]() -> Result<size_t> {
    if (flags & ~(abi::kGrndNonblock | abi::kGrndRandom | kInsecure)) return Error::kInvalidArgument;
    uint8_t chunk[256];
    size_t done = 0;
    while (done < len) {
      size_t n = min(len - done, sizeof(chunk));
      arch::random_fill(chunk, n);
      Result<void> c = copy_to_user(user_space(), ubuf + done, chunk, n);
      if (!c.ok()) return done ? Result<size_t>(done) : Result<size_t>(c.error());
      done += n;
    }
    return done;
  }();
  return to_return(r);
}

int64_t sys_reboot(const Args& a) {
  uint32_t magic1 = static_cast<uint32_t>(a.a[0]);
  uint32_t magic2 = static_cast<uint32_t>(a.a[1]);
  uint32_t cmd = static_cast<uint32_t>(a.a[2]);
  if (magic1 != abi::kRebootMagic1 || magic2 != abi::kRebootMagic2) return -abi::err::kEINVAL;
  switch (cmd) {
    case abi::kRebootCmdPowerOff:
    case abi::kRebootCmdHalt:
    case abi::kRebootCmdRestart:
      // QEMU runs with -no-reboot: every way out ends the machine, status 0.
      arch::irq_disable();
      arch::semihosting_exit(0);
    default:
      return -abi::err::kEINVAL;
  }
}

int64_t sys_sysinfo(const Args& a) {
  struct Sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs;
    uint16_t pad;
    uint32_t pad2;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    char reserved[4];
  };
  static_assert(sizeof(Sysinfo) == 112);
  Sysinfo s{};
  s.uptime = static_cast<int64_t>(sched::now_ns() / 1000000000ull);
  s.totalram = total_page_count() * kPageSize;
  s.freeram = free_page_count() * kPageSize;
  s.procs = static_cast<uint16_t>(proc::list(nullptr, 0));
  s.mem_unit = 1;
  return to_return(UserPtr<Sysinfo>{a.a[0]}.write(user_space(), s));
}

}  // namespace akuma::syscall
