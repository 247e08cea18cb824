// Console input under the scheduler: a reader waiting for a key blocks on a
// wait queue that the UART's receive interrupt wakes, instead of spinning in
// WFI on its thread (kernel threads are not preempted, so a spinning PID 0
// would starve every program).
#include "kernel/arch/aarch64/pl011.h"
#include "kernel/console/console.h"
#include "kernel/sched/wait_queue.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

sched::WaitQueue console_input;  // readers of the serial console

void on_rx() { console_input.wake_all(); }  // IRQ context

// Called by console_read_char with IRQs masked after it found no byte, so an
// arriving byte cannot slip between its check and this wait.
void wait_for_input() { (void)console_input.wait(sched::Wait::kUninterruptible); }

}  // namespace

void install_console_input_wait() {
  arch::pl011::set_rx_callback(on_rx);
  set_console_input_wait(wait_for_input);
}

}  // namespace akuma::syscall
