// Helpers for the network test variants (PID 0 programs booted with a NIC
// on QEMU's user network; the golden's `@host` lines drive the host side).
#pragma once

#include "kernel/console/console.h"
#include "kernel/net/net.h"
#include "kernel/proc/tests/test_util.h"

namespace akuma::knet::test {

// Waits for the job to block (in accept, typically) and says so, so the
// host acts only once the guest listens.
inline void settled(proc::Pid pid, const char* what) {
  (void)proc::wait_settled(pid, 20000);
  kprintf("pid %d '%s' is %s\n", pid, what, proc::test::state_of(pid));
}

inline void reap(proc::Pid pid) {
  proc::WaitResult w = proc::test::must_wait(pid);
  kprintf("[exit code: %d]\n", proc::test::code(w.status));
}

// One line typed by the harness (`@host type ...`, `@host tcp serve`): how
// the guest waits for the host to finish an action.
inline void read_host_line(char* buf, size_t cap) {
  size_t n = 0;
  for (;;) {
    char c = console_read_char();
    if (c == '\r' || c == '\n') break;
    if (n + 1 < cap) buf[n++] = c;
  }
  buf[n] = '\0';
}

inline void wait_for_host() {
  char line[32];
  read_host_line(line, sizeof line);
}

inline int open_sockets() {
  NetLock lock;
  return sockets().open_count();
}

}  // namespace akuma::knet::test
