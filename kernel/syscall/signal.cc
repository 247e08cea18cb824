// Signal syscalls: kill, tkill, tgkill, rt_sigaction, rt_sigprocmask,
// rt_sigpending, sigaltstack. Validate, copy, delegate to kernel/proc.
#include "kernel/mm/address_space.h"
#include "kernel/proc/api.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

// ESRCH is kill's "no such process" (kNotFound elsewhere is ENOENT).
int64_t signal_return(const Result<void>& r) {
  if (!r.ok() && r.error() == Error::kNotFound) return -abi::err::kESRCH;
  return to_return(r);
}

// The set size every rt_sig* call must pass: Linux's 64-bit sigset_t.
constexpr uint64_t kSigsetSize = sizeof(uint64_t);

}  // namespace

int64_t sys_kill(const Args& a) { return signal_return(proc::send_signal(a.i32(0), a.i32(1))); }

// One thread per process: a thread id is its process's pid.
int64_t sys_tkill(const Args& a) {
  proc::Pid tid = a.i32(0);
  if (tid <= 0) return -abi::err::kEINVAL;
  return signal_return(proc::send_signal(tid, a.i32(1)));
}

int64_t sys_tgkill(const Args& a) {
  proc::Pid tgid = a.i32(0);
  proc::Pid tid = a.i32(1);
  if (tgid <= 0 || tid <= 0) return -abi::err::kEINVAL;
  if (tgid != tid) return -abi::err::kESRCH;
  return signal_return(proc::send_signal(tid, a.i32(2)));
}

int64_t sys_rt_sigaction(const Args& a) {
  int sig = a.i32(0);
  UserPtr<abi::KernelSigaction> uact{a.a[1]};
  UserPtr<abi::KernelSigaction> uold{a.a[2]};
  if (a.a[3] != kSigsetSize) return -abi::err::kEINVAL;
  auto r = [&]() -> Result<void> {
    proc::SigAction act, old;
    if (!uact.null()) {
      abi::KernelSigaction k = TRY(uact.read(user_space()));
      act = proc::SigAction{k.handler, k.flags, k.restorer, k.mask};
    }
    TRY(proc::set_signal_action(sig, uact.null() ? nullptr : &act, uold.null() ? nullptr : &old));
    if (!uold.null()) TRY(uold.write(user_space(), abi::KernelSigaction{old.handler, old.flags, old.restorer, old.mask}));
    return {};
  }();
  return to_return(r);
}

int64_t sys_rt_sigprocmask(const Args& a) {
  int how = a.i32(0);
  UserPtr<uint64_t> uset{a.a[1]};
  UserPtr<uint64_t> uold{a.a[2]};
  if (a.a[3] != kSigsetSize) return -abi::err::kEINVAL;
  auto r = [&]() -> Result<void> {
    uint64_t set = 0, old = 0;
    if (!uset.null()) {
      if (how != abi::kSigBlock && how != abi::kSigUnblock && how != abi::kSigSetmask) return Error::kInvalidArgument;
      set = TRY(uset.read(user_space()));
    }
    if (!uold.null()) TRY(check_user_writable(user_space(), uold.addr, sizeof(uint64_t)));
    TRY(proc::set_signal_mask(how, uset.null() ? nullptr : &set, &old));
    if (!uold.null()) TRY(uold.write(user_space(), old));
    return {};
  }();
  return to_return(r);
}

int64_t sys_rt_sigpending(const Args& a) {
  if (a.a[1] != kSigsetSize) return -abi::err::kEINVAL;
  return to_return(UserPtr<uint64_t>{a.a[0]}.write(user_space(), proc::pending_signals()));
}

// struct stack_t: ss_sp, ss_flags (int, padded), ss_size.
int64_t sys_sigaltstack(const Args& a) {
  struct StackT {
    uint64_t sp;
    int32_t flags;
    int32_t pad;
    uint64_t size;
  };
  constexpr int32_t kSsDisable = 2;
  UserPtr<StackT> uss{a.a[0]};
  UserPtr<StackT> uold{a.a[1]};
  auto r = [&]() -> Result<void> {
    // Handlers do not run on an alternate stack yet: report none, accept a
    // disable, refuse setting one (ENOMEM would lie; EINVAL is honest).
    if (!uss.null()) {
      StackT ss = TRY(uss.read(user_space()));
      if (ss.flags != kSsDisable) return Error::kNotSupported;
    }
    if (!uold.null()) TRY(uold.write(user_space(), StackT{0, kSsDisable, 0, 0}));
    return {};
  }();
  return to_return(r);
}

}  // namespace akuma::syscall
