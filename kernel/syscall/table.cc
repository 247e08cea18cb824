// The syscall table: every implemented call with its Linux number, checked
// at compile time (no number twice, every number inside the table). A number
// nobody implements is ENOSYS; nothing calls through a null pointer.
#include "kernel/syscall/table.h"

#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

struct Entry {
  int number;
  Handler handler;
  const char* name;
  Restart restart = Restart::kNever;
};

#define AKUMA_SYSCALL(number, name) {abi::nr::number, sys_##name, #name}
// A blocking call and what a signal that interrupts it does (table.h).
#define AKUMA_SYSCALL_R(number, name, restart) {abi::nr::number, sys_##name, #name, Restart::restart}

constexpr Entry kEntries[] = {
    AKUMA_SYSCALL(kGetcwd, getcwd),
    AKUMA_SYSCALL(kDup, dup),
    AKUMA_SYSCALL(kDup3, dup3),
    AKUMA_SYSCALL(kFcntl, fcntl),
    AKUMA_SYSCALL(kIoctl, ioctl),
    AKUMA_SYSCALL(kFaccessat, faccessat),
    AKUMA_SYSCALL(kChdir, chdir),
    AKUMA_SYSCALL(kFchdir, fchdir),
    AKUMA_SYSCALL(kOpenat, openat),
    AKUMA_SYSCALL(kClose, close),
    AKUMA_SYSCALL(kPipe2, pipe2),
    AKUMA_SYSCALL(kGetdents64, getdents64),
    AKUMA_SYSCALL(kLseek, lseek),
    AKUMA_SYSCALL_R(kRead, read, kIfSaRestart),
    AKUMA_SYSCALL_R(kWrite, write, kIfSaRestart),
    AKUMA_SYSCALL_R(kReadv, readv, kIfSaRestart),
    AKUMA_SYSCALL_R(kWritev, writev, kIfSaRestart),
    AKUMA_SYSCALL_R(kPread64, pread64, kIfSaRestart),
    AKUMA_SYSCALL_R(kPwrite64, pwrite64, kIfSaRestart),
    AKUMA_SYSCALL_R(kPselect6, pselect6, kUnlessHandler),
    AKUMA_SYSCALL_R(kPpoll, ppoll, kUnlessHandler),
    AKUMA_SYSCALL(kReadlinkat, readlinkat),
    AKUMA_SYSCALL(kNewfstatat, newfstatat),
    AKUMA_SYSCALL(kFstat, fstat),
    AKUMA_SYSCALL(kExit, exit),
    AKUMA_SYSCALL(kExitGroup, exit_group),
    AKUMA_SYSCALL(kSetTidAddress, set_tid_address),
    AKUMA_SYSCALL(kSetRobustList, set_robust_list),
    AKUMA_SYSCALL_R(kFutex, futex, kIfSaRestart),
    AKUMA_SYSCALL_R(kNanosleep, nanosleep, kSleep),
    AKUMA_SYSCALL(kGetitimer, getitimer),
    AKUMA_SYSCALL(kSetitimer, setitimer),
    AKUMA_SYSCALL(kClockGettime, clock_gettime),
    AKUMA_SYSCALL(kClockGetres, clock_getres),
    AKUMA_SYSCALL_R(kClockNanosleep, clock_nanosleep, kSleep),
    AKUMA_SYSCALL(kSchedSetaffinity, sched_setaffinity),
    AKUMA_SYSCALL(kSchedGetaffinity, sched_getaffinity),
    AKUMA_SYSCALL(kGetcpu, getcpu),
    AKUMA_SYSCALL(kSchedYield, sched_yield),
    AKUMA_SYSCALL_R(kRestartSyscall, restart_syscall, kSleep),
    AKUMA_SYSCALL(kKill, kill),
    AKUMA_SYSCALL(kTkill, tkill),
    AKUMA_SYSCALL(kTgkill, tgkill),
    AKUMA_SYSCALL(kSigaltstack, sigaltstack),
    AKUMA_SYSCALL_R(kRtSigsuspend, rt_sigsuspend, kUnlessHandler),
    AKUMA_SYSCALL(kRtSigaction, rt_sigaction),
    AKUMA_SYSCALL(kRtSigprocmask, rt_sigprocmask),
    AKUMA_SYSCALL(kRtSigpending, rt_sigpending),
    AKUMA_SYSCALL(kRtSigreturn, rt_sigreturn),
    AKUMA_SYSCALL(kReboot, reboot),
    AKUMA_SYSCALL(kSetpgid, setpgid),
    AKUMA_SYSCALL(kGetpgid, getpgid),
    AKUMA_SYSCALL(kGetsid, getsid),
    AKUMA_SYSCALL(kSetsid, setsid),
    AKUMA_SYSCALL(kUname, uname),
    AKUMA_SYSCALL(kGetrlimit, getrlimit),
    AKUMA_SYSCALL(kGetrusage, getrusage),
    AKUMA_SYSCALL(kUmask, umask),
    AKUMA_SYSCALL(kGettimeofday, gettimeofday),
    AKUMA_SYSCALL(kGetpid, getpid),
    AKUMA_SYSCALL(kGetppid, getppid),
    AKUMA_SYSCALL(kGetuid, getuid),
    {abi::nr::kGeteuid, sys_getuid, "geteuid"},
    {abi::nr::kGetgid, sys_getuid, "getgid"},
    {abi::nr::kGetegid, sys_getuid, "getegid"},
    AKUMA_SYSCALL(kGettid, gettid),
    AKUMA_SYSCALL(kSysinfo, sysinfo),
    AKUMA_SYSCALL(kSocket, socket),
    AKUMA_SYSCALL(kBind, bind),
    AKUMA_SYSCALL(kListen, listen),
    AKUMA_SYSCALL_R(kAccept, accept, kIfSaRestart),
    AKUMA_SYSCALL_R(kConnect, connect, kIfSaRestart),
    AKUMA_SYSCALL(kGetsockname, getsockname),
    AKUMA_SYSCALL(kGetpeername, getpeername),
    AKUMA_SYSCALL_R(kSendto, sendto, kIfSaRestart),
    AKUMA_SYSCALL_R(kRecvfrom, recvfrom, kIfSaRestart),
    AKUMA_SYSCALL(kSetsockopt, setsockopt),
    AKUMA_SYSCALL(kGetsockopt, getsockopt),
    AKUMA_SYSCALL(kShutdown, shutdown),
    AKUMA_SYSCALL(kBrk, brk),
    AKUMA_SYSCALL(kMunmap, munmap),
    AKUMA_SYSCALL(kClone, clone),
    AKUMA_SYSCALL(kExecve, execve),
    AKUMA_SYSCALL(kMmap, mmap),
    AKUMA_SYSCALL(kMprotect, mprotect),
    AKUMA_SYSCALL(kMadvise, madvise),
    AKUMA_SYSCALL_R(kAccept4, accept4, kIfSaRestart),
    AKUMA_SYSCALL_R(kWait4, wait4, kIfSaRestart),
    AKUMA_SYSCALL(kPrlimit64, prlimit64),
    AKUMA_SYSCALL(kGetrandom, getrandom),
    AKUMA_SYSCALL(kClone3, clone3),
    AKUMA_SYSCALL(kAkumaNetStats, akuma_net_stats),
    AKUMA_SYSCALL(kAkumaSocketList, akuma_socket_list),
    AKUMA_SYSCALL(kAkumaPing, akuma_ping),
};

#undef AKUMA_SYSCALL
#undef AKUMA_SYSCALL_R

constexpr bool numbers_are_valid() {
  for (const Entry& e : kEntries) {
    if (e.number < 0 || e.number >= abi::nr::kCount || e.handler == nullptr) return false;
  }
  for (size_t i = 0; i < sizeof(kEntries) / sizeof(kEntries[0]); ++i) {
    for (size_t j = i + 1; j < sizeof(kEntries) / sizeof(kEntries[0]); ++j) {
      if (kEntries[i].number == kEntries[j].number) return false;
    }
  }
  return true;
}
static_assert(numbers_are_valid(), "a syscall number is out of range or listed twice");

struct Table {
  Handler handlers[abi::nr::kCount];
  const char* names[abi::nr::kCount];
  Restart restart[abi::nr::kCount];
};

constexpr Table build() {
  Table t{};
  for (const Entry& e : kEntries) {
    t.handlers[e.number] = e.handler;
    t.names[e.number] = e.name;
    t.restart[e.number] = e.restart;
  }
  return t;
}

constexpr Table kTable = build();

}  // namespace

Handler handler_for(uint64_t number) {
  return number < static_cast<uint64_t>(abi::nr::kCount) ? kTable.handlers[number] : nullptr;
}

Restart restart_for(uint64_t number) {
  return number < static_cast<uint64_t>(abi::nr::kCount) ? kTable.restart[number] : Restart::kNever;
}

const char* syscall_name(uint64_t number) {
  return number < static_cast<uint64_t>(abi::nr::kCount) ? kTable.names[number] : nullptr;
}

}  // namespace akuma::syscall
