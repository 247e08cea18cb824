// The conformance kernel's one program (PID 0): start /init from the
// initramfs as PID 1 on the console, as Linux does with rdinit=/init (it
// adopts orphans), reap it, and power off when /init ends —
// normally /init powers off itself (reboot(RB_POWER_OFF)); if it exits
// instead, its exit code becomes QEMU's.
#include "kernel/boot/program.h"
#include "kernel/console/console.h"
#include "kernel/proc/api.h"

namespace akuma {

int program_main() {
  // What Linux hands init: argv {"/init"}, HOME=/ and TERM=linux.
  const char* const argv[] = {"/init", nullptr};
  const char* const envp[] = {"HOME=/", "TERM=linux", nullptr};
  auto init = proc::spawn("/init", argv, envp, proc::Stdio::kConsole);
  if (!init.ok()) {
    kprintf("kernel: cannot start /init: %s\n", error_name(init.error()));
    return 127;
  }
  proc::set_child_reaper(init.value());  // orphans go to init, as on Linux
  for (;;) {
    auto w = proc::wait4(-1, 0);
    if (!w.ok()) return 127;
    if (w.value().pid == init.value()) return proc::shell_exit_code(w.value().status);
  }
}

}  // namespace akuma
