// Trap glue: SVCs and faults from EL0, and the preemption point after IRQs.
#include "kernel/arch/aarch64/cpu.h"
#include "kernel/arch/aarch64/exceptions.h"
#include "kernel/arch/aarch64/panic.h"
#include "kernel/console/console.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/process.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

constexpr Handler kHandlers[abi::kSysCount] = {
    sys_exit,  sys_write,     sys_read,  sys_getpid,   sys_getppid,   sys_spawn,
    sys_wait4, sys_kill,      sys_sleep_ms, sys_uptime_ms, sys_yield, sys_chan_read,
    sys_close, sys_socket,    sys_bind,  sys_listen,   sys_accept,    sys_connect,
    sys_send,  sys_recv,      sys_shutdown, sys_net_stats, sys_socket_list, sys_ping,
    sys_poll,
};

constexpr uint32_t kEcUnknown = 0x00;
constexpr uint32_t kEcSvc = 0x15;
constexpr uint32_t kEcInstructionAbort = 0x20;
constexpr uint32_t kEcPcAlignment = 0x22;
constexpr uint32_t kEcDataAbort = 0x24;
constexpr uint32_t kEcSpAlignment = 0x26;

// A program fault: one line on the console, then the process dies with the
// signal's status. The kernel carries on.
[[noreturn]] void kill_for_fault(const arch::TrapFrame& f, uint32_t ec) {
  proc::Process& p = proc::current_process();
  int sig = abi::kSIGSEGV;
  const char* what = nullptr;
  uint64_t where = f.elr;
  switch (ec) {
    case kEcDataAbort:
    case kEcInstructionAbort:
      what = ec == kEcDataAbort ? "data abort" : "instruction abort";
      where = f.far;
      kprintf("[pid %d '%s' killed: %s at %p (%s)]\n", p.pid, p.name, what,
              reinterpret_cast<void*>(where), fault_status_name(f.esr & 0x3f));
      break;
    case kEcUnknown:
      sig = abi::kSIGILL;
      kprintf("[pid %d '%s' killed: illegal instruction at %p]\n", p.pid, p.name, reinterpret_cast<void*>(where));
      break;
    default:
      kprintf("[pid %d '%s' killed: %s at %p (ESR %p)]\n", p.pid, p.name,
              ec == kEcPcAlignment || ec == kEcSpAlignment ? "alignment fault" : "unexpected exception",
              reinterpret_cast<void*>(where), reinterpret_cast<void*>(f.esr));
      break;
  }
  proc::exit_current(abi::status_signaled(sig));
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
  return ok;
}

void user_sync(arch::TrapFrame* f) {
  uint32_t ec = static_cast<uint32_t>(f->esr >> 26) & 0x3f;
  if (ec != kEcSvc) {
    if (fault_in(*f, ec)) return;
    kill_for_fault(*f, ec);
  }
  // ESR/FAR/ELR are saved in the frame: let IRQs in while the syscall runs.
  arch::irq_enable();
  uint64_t nr = f->x[8];
  Args args{{f->x[0], f->x[1], f->x[2], f->x[3], f->x[4], f->x[5]}};
  f->x[0] = static_cast<uint64_t>(nr < abi::kSysCount ? kHandlers[nr](args) : -abi::kENOSYS);
  proc::on_return_to_user();
  arch::irq_disable();  // exception_return must not be interrupted
}

void irq_exit(arch::TrapFrame* f) {
  sched::irq_exit_preempt(*f);
  if (arch::from_user(*f)) proc::on_return_to_user();
}

}  // namespace

void init() {
  sched::init("kernel");
  proc::init();
  arch::set_user_sync_handler(user_sync);
  arch::set_irq_exit_hook(irq_exit);
  install_console_input_wait();
}

}  // namespace akuma::syscall
