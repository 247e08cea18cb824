// Signal frames (Linux arm64's layout, so that what glibc, debuggers and
// handlers reading their ucontext expect is there): on the user stack, or on
// the alternate stack with SA_ONSTACK, from the top down:
//
//   a frame record {x29, x30} of the interrupted code (x29 points at it),
//   rt_sigframe: siginfo (written with SA_SIGINFO), ucontext: flags, link,
//     the alternate stack settings, the mask to restore, the registers
//     (x0-x30, sp, pc, pstate, the fault address), and in __reserved the
//     FP/SIMD record (q0-q31, FPSR, FPCR) and an empty terminating record.
//
// The handler starts with x0 = signal (x1 = &siginfo, x2 = &ucontext with
// SA_SIGINFO), sp = the frame, x30 = the restorer: SA_RESTORER's, else the
// trampoline page every program has (kSigreturnTrampoline), which calls
// rt_sigreturn. rt_sigreturn reads the frame back at sp, checks it, and
// resumes the interrupted code with its registers and mask.
#include "kernel/syscall/signal_frame.h"

#include "kernel/arch/aarch64/fpsimd.h"
#include "kernel/mm/address_space.h"
#include "kernel/mm/memory.h"
#include "kernel/proc/api.h"
#include "kernel/syscall/linux_abi.h"

namespace akuma::syscall {
namespace {

static_assert(proc::kSaRestorer == abi::kSaRestorer && proc::kSaRestart == abi::kSaRestart &&
              proc::kSaNoDefer == abi::kSaNodefer && proc::kSaResetHand == abi::kSaResethand &&
              proc::kSaSigInfo == abi::kSaSiginfo && proc::kSaNoCldStop == abi::kSaNocldstop &&
              proc::kSaNoCldWait == abi::kSaNocldwait && proc::kSaOnStack == abi::kSaOnstack,
              "sa_flags bits");

bool on_stack(const proc::AltStack& s, uint64_t sp) { return s.enabled && sp > s.sp && sp - s.sp <= s.size; }

void fill_siginfo(abi::Siginfo& out, const proc::SigInfo& in) {
  __builtin_memset(&out, 0, sizeof(out));
  out.signo = in.signo;
  out.code = in.code;
  switch (in.signo) {
    case proc::kSIGSEGV:
    case proc::kSIGBUS:
    case proc::kSIGILL:
    case proc::kSIGFPE:
    case proc::kSIGTRAP:
      if (in.code > 0 && in.code != proc::kSiKernel) {
        out.addr = in.addr;
        return;
      }
      break;
    case proc::kSIGCHLD:
      if (in.code > 0 && in.code != proc::kSiKernel) {
        out.child.pid = in.pid;
        out.child.uid = static_cast<uint32_t>(in.uid);
        out.child.status = in.status;
        out.child.utime = static_cast<int64_t>(in.utime);
        out.child.stime = static_cast<int64_t>(in.stime);
        return;
      }
      break;
    default:
      break;
  }
  out.child.pid = in.pid;  // kill, tgkill: the sender
  out.child.uid = static_cast<uint32_t>(in.uid);
}

// The PSTATE a frame may hand back: EL0t, AArch64, nothing masked.
constexpr uint64_t kPstateModeAndMasks = 0x3ff;

}  // namespace

Result<void> push_signal_frame(arch::TrapFrame& f, const proc::SignalDelivery& d) {
  AddressSpace& space = user_space();
  uint64_t user_sp = f.sp_el0;
  uint64_t top = user_sp;
  if ((d.action.flags & proc::kSaOnStack) && d.altstack.enabled && !on_stack(d.altstack, user_sp)) {
    top = d.altstack.sp + d.altstack.size;
  }
  uint64_t record_at = align_down(top - sizeof(abi::FrameRecord), 16);
  uint64_t frame_at = align_down(record_at - sizeof(abi::RtSigframe), 16);

  // Built in a kernel page (the frame is 4.6 KiB), then copied out.
  uint64_t page = TRY(alloc_pages(2));
  auto* frame = reinterpret_cast<abi::RtSigframe*>(page);
  __builtin_memset(frame, 0, sizeof(*frame));
  if (d.action.flags & proc::kSaSigInfo) fill_siginfo(frame->info, d.info);
  abi::Ucontext& uc = frame->uc;
  uc.stack.sp = d.altstack.enabled ? d.altstack.sp : 0;
  uc.stack.size = d.altstack.enabled ? d.altstack.size : 0;
  uc.stack.flags = !d.altstack.enabled ? abi::kSsDisable : on_stack(d.altstack, user_sp) ? abi::kSsOnstack : 0;
  uc.sigmask = d.saved_mask;
  abi::Sigcontext& sc = uc.mcontext;
  for (int i = 0; i < 31; ++i) sc.regs[i] = f.x[i];
  sc.sp = f.sp_el0;
  sc.pc = f.elr;
  sc.pstate = f.spsr;
  bool fault = (proc::kSynchronousSignals & proc::signal_bit(d.sig)) && d.info.code > 0 &&
               d.info.code != proc::kSiKernel;
  sc.fault_address = fault ? d.info.addr : 0;
  auto* fp = reinterpret_cast<abi::FpsimdContext*>(sc.reserved);
  arch::UserCpuState cpu;
  arch::save_user_cpu_state(&cpu);
  fp->magic = abi::kFpsimdMagic;
  fp->size = sizeof(abi::FpsimdContext);
  fp->fpsr = cpu.fp.fpsr;
  fp->fpcr = cpu.fp.fpcr;
  __builtin_memcpy(fp->vregs, cpu.fp.v, sizeof(fp->vregs));
  // The terminating record (magic 0, size 0) is already zero.
  abi::FrameRecord record{f.x[29], f.x[30]};
  Result<void> written = copy_to_user(space, frame_at, frame, sizeof(*frame));
  free_pages(page, 2);
  TRY(written);
  TRY(UserPtr<abi::FrameRecord>{record_at}.write(space, record));

  f.x[0] = static_cast<uint64_t>(d.sig);
  if (d.action.flags & proc::kSaSigInfo) {
    f.x[1] = frame_at + __builtin_offsetof(abi::RtSigframe, info);
    f.x[2] = frame_at + __builtin_offsetof(abi::RtSigframe, uc);
  }
  f.sp_el0 = frame_at;
  f.x[29] = record_at;
  f.x[30] = (d.action.flags & proc::kSaRestorer) ? d.action.restorer : kSigreturnTrampoline;
  f.elr = d.action.handler;
  return {};
}

int64_t sys_rt_sigreturn(const Args&) {
  arch::TrapFrame& f = current_frame();
  AddressSpace& space = user_space();
  uint64_t frame_at = f.sp_el0;
  auto restored = [&]() -> Result<void> {
    if (frame_at & 15) return Error::kBadAddress;
    uint64_t page = TRY(alloc_pages(2));
    auto* frame = reinterpret_cast<abi::RtSigframe*>(page);
    Result<void> read = copy_from_user(space, frame, frame_at, sizeof(*frame));
    auto checked = [&]() -> Result<void> {
      TRY(read);
      const abi::Sigcontext& sc = frame->uc.mcontext;
      if (sc.pstate & kPstateModeAndMasks) return Error::kBadAddress;
      auto* fp = reinterpret_cast<const abi::FpsimdContext*>(sc.reserved);
      if (fp->magic != abi::kFpsimdMagic || fp->size != sizeof(abi::FpsimdContext)) return Error::kBadAddress;
      for (int i = 0; i < 31; ++i) f.x[i] = sc.regs[i];
      f.sp_el0 = sc.sp;
      f.elr = sc.pc;
      f.spsr = sc.pstate;
      arch::UserCpuState cpu;
      arch::save_user_cpu_state(&cpu);  // keeps TPIDR_EL0
      __builtin_memcpy(cpu.fp.v, fp->vregs, sizeof(cpu.fp.v));
      cpu.fp.fpsr = fp->fpsr;
      cpu.fp.fpcr = fp->fpcr;
      arch::load_user_cpu_state(cpu);
      proc::restore_signal_mask(frame->uc.sigmask);
      return {};
    }();
    free_pages(page, 2);
    return checked;
  }();
  if (!restored.ok()) {
    // A frame that does not check out kills with SIGSEGV (Linux's badframe).
    proc::SigInfo info{proc::kSIGSEGV, proc::kSiKernel, 0, 0, 0, 0, 0, 0};
    proc::force_fault_signal(info);
    return static_cast<int64_t>(f.x[0]);
  }
  // The interrupted code's x0 goes back into x0 as this call's "result".
  return static_cast<int64_t>(f.x[0]);
}

}  // namespace akuma::syscall
