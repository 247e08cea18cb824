// Trap glue: SVCs and faults from EL0, and the preemption point after IRQs.
#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/exceptions.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/console/console.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/api.h"
#include "kernel/proc/console_file.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/signal_frame.h"
#include "kernel/syscall/table.h"

namespace akuma::syscall {
namespace {

constexpr uint32_t kEcUnknown = 0x00;
constexpr uint32_t kEcIllegalState = 0x0e;
constexpr uint32_t kEcSvc = 0x15;
constexpr uint32_t kEcInstructionAbort = 0x20;
constexpr uint32_t kEcPcAlignment = 0x22;
constexpr uint32_t kEcDataAbort = 0x24;
constexpr uint32_t kEcSpAlignment = 0x26;
constexpr uint32_t kEcFpException = 0x2c;
constexpr uint32_t kEcBrk = 0x3c;
constexpr uint32_t kFaultStatusAlignment = 0x21;

struct FaultSignal {
  int signal;
  int code;  // si_code
  const char* what;
};

// Linux's choice of signal (and si_code) for each kind of fault.
FaultSignal classify(uint32_t ec, uint32_t status) {
  switch (ec) {
    case kEcDataAbort:
    case kEcInstructionAbort: {
      if (status == kFaultStatusAlignment) return {proc::kSIGBUS, proc::kBusAdrAln, "alignment fault"};
      // Translation faults: nothing mapped; permission faults: mapped, but not so.
      int code = (status & 0x3c) == 0x04 ? proc::kSegvMapErr : proc::kSegvAccErr;
      return {proc::kSIGSEGV, code, ec == kEcDataAbort ? "data abort" : "instruction abort"};
    }
    case kEcPcAlignment:
    case kEcSpAlignment:
      return {proc::kSIGBUS, proc::kBusAdrAln, "alignment fault"};
    case kEcUnknown:
    case kEcIllegalState:
      return {proc::kSIGILL, proc::kIllIllOpc, "illegal instruction"};
    case kEcBrk:
      return {proc::kSIGTRAP, proc::kTrapBrkpt, "breakpoint"};
    case kEcFpException:
      return {proc::kSIGFPE, proc::kSiKernel, "floating-point exception"};
    default:
      return {proc::kSIGILL, proc::kIllIllOpc, "unexpected exception"};
  }
}

// A program fault: the signal is forced on the thread (a mask or SIG_IGN
// does not keep it away; a handler runs, as on Linux). When it kills, one
// kernel notice (hidden by "quiet", as Linux's is); the process dies at the
// return to user mode. The kernel carries on.
void signal_fault(const arch::TrapFrame& f, uint32_t ec) {
  proc::Process& p = proc::current_process();
  uint32_t status = f.esr & 0x3f;
  FaultSignal fs = classify(ec, status);
  bool abort = ec == kEcDataAbort || ec == kEcInstructionAbort;
  uint64_t where = abort ? f.far : f.elr;
  proc::SigInfo info{fs.signal, fs.code, 0, 0, 0, where, 0, 0};
  if (!proc::force_fault_signal(info)) return;
  if (abort && status != kFaultStatusAlignment) {
    kinfo("[pid %d '%s' killed: %s at %p (%s)]\n", p.pid, p.name, fs.what, reinterpret_cast<void*>(where),
          fault_status_name(status));
  } else {
    kinfo("[pid %d '%s' killed: %s at %p]\n", p.pid, p.name, fs.what, reinterpret_cast<void*>(where));
  }
}

// A translation fault inside a region whose pages appear on first touch:
// map the page and let the instruction run again. Anything else is the
// program's fault.
bool fault_in(const arch::TrapFrame& f, uint32_t ec) {
  if (ec != kEcDataAbort && ec != kEcInstructionAbort) return false;
  uint32_t status = f.esr & 0x3f;
  if ((status & 0x3c) != 0x04) return false;  // DFSC/IFSC 0b0001xx: translation fault, any level
  proc::Process& p = proc::current_process();
  if (!p.space) return false;
  Access access = ec == kEcInstructionAbort ? Access::kExec
                  : (f.esr & (1u << 6))      ? Access::kWrite  // ISS.WnR
                                             : Access::kRead;
  arch::irq_enable();  // page allocation and zeroing need no masked IRQs
  bool ok = p.space->handle_fault(f.far, access).ok();
  arch::irq_disable();
  if (ok) ++sched::current()->minor_faults;
  return ok;
}

// A syscall a signal interrupted: how to resume it (table.h, Restart).
struct Interrupted {
  Restart restart;
  uint64_t nr;  // x8 as the caller set it
};

// Every return to user mode: signals to handle (frames pushed one above the
// other, the last taken runs first, as on Linux), death, a stop; a syscall
// a signal interrupted is restarted or returns EINTR. `sc` is null when not
// returning from a syscall (an IRQ, a fault, a thread's first start).
void return_to_user(arch::TrapFrame& f, Interrupted* sc) {
  bool irqs = arch::irqs_enabled();
  for (;;) {
    // Nothing to do (the common case) is decided with IRQs masked, which
    // they stay until the return: a signal an IRQ sends after this check
    // waits for the next entry, one sent before it is seen.
    arch::irq_disable();
    if (!proc::work_pending()) return;
    if (irqs) arch::irq_enable();
    proc::SignalDelivery d = proc::next_signal();
    if (d.sig == 0) {
      // Round again either way: a restored mask may let a signal in, and the
      // return itself must happen from the check above, with IRQs masked.
      (void)proc::restore_temporary_mask();
      continue;
    }
    if (sc) {
      // The first handler decides for the interrupted call.
      bool restart = sc->restart == Restart::kIfSaRestart && (d.action.flags & proc::kSaRestart);
      if (!restart) {
        f.x[0] = static_cast<uint64_t>(-abi::err::kEINTR);
        f.elr += 4;
        f.x[8] = sc->nr;
      }
      sc = nullptr;
    }
    if (!push_signal_frame(f, d).ok()) {
      // No room for the frame: SIGSEGV, with its default action if it was
      // the signal being delivered (Linux's force_sigsegv).
      if (d.sig == proc::kSIGSEGV) {
        proc::SigAction dfl;
        (void)proc::set_signal_action(proc::kSIGSEGV, &dfl, nullptr);
      }
      proc::force_fault_signal(proc::SigInfo{proc::kSIGSEGV, proc::kSiKernel, 0, 0, 0, 0, 0, 0});
      continue;
    }
    proc::handler_started(d);
  }
}

void user_sync(arch::TrapFrame* f) {
  sched::note_kernel_entry();
  sched::current()->user_frame = f;
  uint32_t ec = static_cast<uint32_t>(f->esr >> 26) & 0x3f;
  Interrupted interrupted{Restart::kNever, 0};
  Interrupted* sc = nullptr;
  if (ec != kEcSvc) {
    if (!fault_in(*f, ec)) signal_fault(*f, ec);
  } else {
    // ESR/FAR/ELR are saved in the frame: let IRQs in while the syscall runs.
    arch::irq_enable();
    uint64_t nr = f->x[8];
    uint64_t x0 = f->x[0];
    Args args{{f->x[0], f->x[1], f->x[2], f->x[3], f->x[4], f->x[5]}};
    Handler h = handler_for(nr);
    int64_t result = h ? h(args) : -abi::err::kENOSYS;
    f->x[0] = static_cast<uint64_t>(result);
    Restart restart = restart_for(nr);
    if (result == -abi::err::kEINTR && restart != Restart::kNever) {
      // Set up the restart now; a handler that runs may take it back.
      interrupted = Interrupted{restart, nr};
      sc = &interrupted;
      f->x[0] = x0;
      f->elr -= 4;
      if (restart == Restart::kSleep) f->x[8] = abi::nr::kRestartSyscall;
    }
  }
  return_to_user(*f, sc);  // returns with IRQs masked: exception_return must not be interrupted
  sched::note_user_return();
}

void irq_exit(arch::TrapFrame* f) {
  bool user = arch::from_user(*f);
  if (user) {
    sched::note_kernel_entry();
    sched::current()->user_frame = f;
  }
  sched::irq_exit_preempt(*f);
  if (user) {
    return_to_user(*f, nullptr);
    sched::note_user_return();
  }
}

// A new thread's first return to user mode (its frame is ready).
void on_user_entry(sched::Thread* t) { return_to_user(*t->user_frame, nullptr); }

}  // namespace

arch::TrapFrame& current_frame() { return *sched::current()->user_frame; }
AddressSpace& user_space() { return *proc::current_process().space; }

void init() {
  sched::init("kernel");
  proc::init();
  arch::set_user_sync_handler(user_sync);
  arch::set_irq_exit_hook(irq_exit);
  sched::set_user_entry_hook(on_user_entry);
  proc::install_console_input();
}

}  // namespace akuma::syscall
