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
  const char* what;
};

// Linux's choice of signal for each kind of fault.
FaultSignal classify(uint32_t ec, uint32_t status) {
  switch (ec) {
    case kEcDataAbort:
    case kEcInstructionAbort:
      if (status == kFaultStatusAlignment) return {proc::kSIGBUS, "alignment fault"};
      return {proc::kSIGSEGV, ec == kEcDataAbort ? "data abort" : "instruction abort"};
    case kEcPcAlignment:
    case kEcSpAlignment:
      return {proc::kSIGBUS, "alignment fault"};
    case kEcUnknown:
    case kEcIllegalState:
      return {proc::kSIGILL, "illegal instruction"};
    case kEcBrk:
      return {proc::kSIGTRAP, "breakpoint"};
    case kEcFpException:
      return {proc::kSIGFPE, "floating-point exception"};
    default:
      return {proc::kSIGILL, "unexpected exception"};
  }
}

// A program fault: one kernel notice (hidden by "quiet", as Linux's is), then
// the process dies with the signal. Faults are forced: a handler, a mask or
// SIG_IGN does not save the program. The kernel carries on.
[[noreturn]] void kill_for_fault(const arch::TrapFrame& f, uint32_t ec) {
  proc::Process& p = proc::current_process();
  uint32_t status = f.esr & 0x3f;
  FaultSignal fs = classify(ec, status);
  bool abort = ec == kEcDataAbort || ec == kEcInstructionAbort;
  uint64_t where = abort ? f.far : f.elr;
  if (abort && status != kFaultStatusAlignment) {
    kinfo("[pid %d '%s' killed: %s at %p (%s)]\n", p.pid, p.name, fs.what, reinterpret_cast<void*>(where),
          fault_status_name(status));
  } else {
    kinfo("[pid %d '%s' killed: %s at %p]\n", p.pid, p.name, fs.what, reinterpret_cast<void*>(where));
  }
  proc::exit_current(proc::status_signaled(fs.signal));
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

void user_sync(arch::TrapFrame* f) {
  sched::note_kernel_entry();
  sched::current()->user_frame = f;
  uint32_t ec = static_cast<uint32_t>(f->esr >> 26) & 0x3f;
  if (ec != kEcSvc) {
    if (!fault_in(*f, ec)) kill_for_fault(*f, ec);
  } else {
    // ESR/FAR/ELR are saved in the frame: let IRQs in while the syscall runs.
    arch::irq_enable();
    uint64_t nr = f->x[8];
    Args args{{f->x[0], f->x[1], f->x[2], f->x[3], f->x[4], f->x[5]}};
    Handler h = handler_for(nr);
    f->x[0] = static_cast<uint64_t>(h ? h(args) : -abi::err::kENOSYS);
  }
  proc::on_return_to_user();
  arch::irq_disable();  // exception_return must not be interrupted
  sched::note_user_return();
}

void irq_exit(arch::TrapFrame* f) {
  bool user = arch::from_user(*f);
  if (user) sched::note_kernel_entry();
  sched::irq_exit_preempt(*f);
  if (user) {
    proc::on_return_to_user();
    sched::note_user_return();
  }
}

}  // namespace

arch::TrapFrame& current_frame() { return *sched::current()->user_frame; }
AddressSpace& user_space() { return *proc::current_process().space; }

void init() {
  sched::init("kernel");
  proc::init();
  arch::set_user_sync_handler(user_sync);
  arch::set_irq_exit_hook(irq_exit);
  proc::install_console_input();
}

}  // namespace akuma::syscall
