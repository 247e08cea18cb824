// The syscall boundary: user traps come in here, are checked and handed to
// the kernel (validate → resolve → delegate, one file per family), and
// kernel Errors become negative Linux errno values only here. The numbers,
// errno values and struct layouts are Linux AArch64's (linux_abi.h).
#pragma once

#include <stdint.h>

#include "kernel/arch/aarch64/trap_frame.h"
#include "kernel/lib/error.h"
#include "kernel/lib/result.h"

namespace akuma {
class AddressSpace;
}

namespace akuma::syscall {

// Brings up threads and processes (PID 0 = the calling boot thread) and
// installs the trap hooks. Call once, IRQs masked, before the timer starts.
void init();

// svc #0: number in x8, arguments in x0..x5, result (or -errno) in x0.
struct Args {
  uint64_t a[6];
  // Linux passes int arguments in the low 32 bits of a register and ignores
  // the rest (pid_t, fd, flags): so do we.
  int i32(int n) const { return static_cast<int>(static_cast<uint32_t>(a[n])); }
};
using Handler = int64_t (*)(const Args& args);

// The trap frame of the syscall being handled (clone, execve need it).
arch::TrapFrame& current_frame();
// The caller's address space.
AddressSpace& user_space();

int64_t to_errno(Error e);

template <typename T>
int64_t to_return(const Result<T>& r) {
  if (!r.ok()) return to_errno(r.error());
  return static_cast<int64_t>(r.value());
}
inline int64_t to_return(const Result<void>& r) { return r.ok() ? 0 : to_errno(r.error()); }

// The families. Each handler is listed in table.cc with its Linux number.
// process.cc
int64_t sys_clone(const Args&);
int64_t sys_clone3(const Args&);
int64_t sys_execve(const Args&);
int64_t sys_exit(const Args&);
int64_t sys_exit_group(const Args&);
int64_t sys_wait4(const Args&);
int64_t sys_getpid(const Args&);
int64_t sys_getppid(const Args&);
int64_t sys_gettid(const Args&);
int64_t sys_getpgid(const Args&);
int64_t sys_getsid(const Args&);
int64_t sys_setpgid(const Args&);
int64_t sys_setsid(const Args&);
int64_t sys_getuid(const Args&);
int64_t sys_set_tid_address(const Args&);
int64_t sys_set_robust_list(const Args&);
int64_t sys_futex(const Args&);
int64_t sys_getrusage(const Args&);
int64_t sys_prlimit64(const Args&);
int64_t sys_getrlimit(const Args&);
int64_t sys_umask(const Args&);
int64_t sys_sched_yield(const Args&);
int64_t sys_sched_getaffinity(const Args&);
int64_t sys_sched_setaffinity(const Args&);
int64_t sys_getcpu(const Args&);
// signal.cc
int64_t sys_kill(const Args&);
int64_t sys_tkill(const Args&);
int64_t sys_tgkill(const Args&);
int64_t sys_rt_sigaction(const Args&);
int64_t sys_rt_sigprocmask(const Args&);
int64_t sys_rt_sigpending(const Args&);
int64_t sys_rt_sigsuspend(const Args&);
int64_t sys_sigaltstack(const Args&);
// signal_frame.cc
int64_t sys_rt_sigreturn(const Args&);
// memory.cc
int64_t sys_brk(const Args&);
int64_t sys_mmap(const Args&);
int64_t sys_munmap(const Args&);
int64_t sys_mprotect(const Args&);
int64_t sys_madvise(const Args&);
// file.cc
int64_t sys_read(const Args&);
int64_t sys_write(const Args&);
int64_t sys_readv(const Args&);
int64_t sys_writev(const Args&);
int64_t sys_pread64(const Args&);
int64_t sys_pwrite64(const Args&);
int64_t sys_lseek(const Args&);
int64_t sys_close(const Args&);
int64_t sys_dup(const Args&);
int64_t sys_dup3(const Args&);
int64_t sys_fcntl(const Args&);
int64_t sys_ioctl(const Args&);
int64_t sys_pipe2(const Args&);
int64_t sys_fstat(const Args&);
int64_t sys_newfstatat(const Args&);
int64_t sys_openat(const Args&);
int64_t sys_getdents64(const Args&);
int64_t sys_getcwd(const Args&);
int64_t sys_chdir(const Args&);
int64_t sys_fchdir(const Args&);
int64_t sys_readlinkat(const Args&);
int64_t sys_faccessat(const Args&);
// poll.cc
int64_t sys_ppoll(const Args&);
int64_t sys_pselect6(const Args&);
// time.cc
int64_t sys_nanosleep(const Args&);
int64_t sys_restart_syscall(const Args&);
int64_t sys_getitimer(const Args&);
int64_t sys_setitimer(const Args&);
int64_t sys_clock_nanosleep(const Args&);
int64_t sys_clock_gettime(const Args&);
int64_t sys_clock_getres(const Args&);
int64_t sys_gettimeofday(const Args&);
// system.cc
int64_t sys_uname(const Args&);
int64_t sys_getrandom(const Args&);
int64_t sys_reboot(const Args&);
int64_t sys_sysinfo(const Args&);
// socket.cc
int64_t sys_socket(const Args&);
int64_t sys_bind(const Args&);
int64_t sys_listen(const Args&);
int64_t sys_accept(const Args&);
int64_t sys_accept4(const Args&);
int64_t sys_connect(const Args&);
int64_t sys_getsockname(const Args&);
int64_t sys_getpeername(const Args&);
int64_t sys_sendto(const Args&);
int64_t sys_recvfrom(const Args&);
int64_t sys_setsockopt(const Args&);
int64_t sys_getsockopt(const Args&);
int64_t sys_shutdown(const Args&);
// akuma.cc: this kernel's own calls (numbers above Linux's range)
int64_t sys_akuma_net_stats(const Args&);
int64_t sys_akuma_socket_list(const Args&);
int64_t sys_akuma_ping(const Args&);

}  // namespace akuma::syscall
