// Signal syscalls: kill, tkill, tgkill, rt_sigaction, rt_sigprocmask,
// rt_sigpending, rt_sigsuspend, sigaltstack (rt_sigreturn is with the
// frames, signal_frame.cc). Validate, copy, delegate to kernel/proc.
#include "kernel/mm/address_space.h"
#include "kernel/proc/api.h"
#include "kernel/sched/scheduler.h"
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

int64_t sys_tkill(const Args& a) {
  proc::Pid tid = a.i32(0);
  if (tid <= 0) return -abi::err::kEINVAL;
  return signal_return(proc::send_thread_signal(-1, tid, a.i32(1)));
}

int64_t sys_tgkill(const Args& a) {
  proc::Pid tgid = a.i32(0);
  proc::Pid tid = a.i32(1);
  if (tgid <= 0 || tid <= 0) return -abi::err::kEINVAL;
  return signal_return(proc::send_thread_signal(tgid, tid, a.i32(2)));
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

int64_t sys_rt_sigsuspend(const Args& a) {
  if (a.a[1] != kSigsetSize) return -abi::err::kEINVAL;
  auto mask = UserPtr<uint64_t>{a.a[0]}.read(user_space());
  if (!mask.ok()) return to_errno(mask.error());
  // Waits with the given mask until a signal is taken: always EINTR, after
  // the handler (whose frame records the old mask) has run.
  proc::set_temporary_mask(mask.value());
  sched::SchedLock lock;
  while (sched::sleep_until(~0ull >> 1).ok()) {
  }
  return -abi::err::kEINTR;
}

int64_t sys_sigaltstack(const Args& a) {
  UserPtr<abi::StackT> uss{a.a[0]};
  UserPtr<abi::StackT> uold{a.a[1]};
  auto r = [&]() -> Result<void> {
    proc::AltStack ss;
    if (!uss.null()) {
      abi::StackT in = TRY(uss.read(user_space()));
      int32_t mode = in.flags & ~abi::kSsAutodisarm;
      if (mode != 0 && mode != abi::kSsDisable && mode != abi::kSsOnstack) return Error::kInvalidArgument;
      if (mode != abi::kSsDisable) ss = proc::AltStack{in.sp, in.size, true};
    }
    if (!uold.null()) TRY(check_user_writable(user_space(), uold.addr, sizeof(abi::StackT)));
    proc::AltStack old;
    bool on = false;
    TRY(proc::set_alt_stack(uss.null() ? nullptr : &ss, &old, &on, current_frame().sp_el0));
    if (!uold.null()) {
      int32_t flags = on ? abi::kSsOnstack : old.enabled ? 0 : abi::kSsDisable;
      TRY(uold.write(user_space(), abi::StackT{old.sp, flags, 0, old.size}));
    }
    return {};
  }();
  return to_return(r);
}

}  // namespace akuma::syscall
