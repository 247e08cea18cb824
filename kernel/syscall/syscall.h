// The syscall boundary: user traps come in here, are checked and handed to
// the kernel (validate → resolve → delegate, one file per family), and
// kernel Errors become negative errno values only here.
#pragma once

#include <stdint.h>

#include "kernel/arch/aarch64/trap_frame.h"
#include "kernel/lib/error.h"
#include "kernel/lib/result.h"

namespace akuma::syscall {

// Brings up threads and processes (PID 0 = the calling boot thread) and
// installs the trap hooks. Call once, IRQs masked, before the timer starts.
void init();
// Part of init(): console readers block instead of spinning (console_input.cc).
void install_console_input_wait();

struct Args {
  uint64_t a[6];
};
using Handler = int64_t (*)(const Args& args);

int64_t to_errno(Error e);
// to_errno for socket calls: kExists is EADDRINUSE there.
int64_t to_socket_errno(Error e);

template <typename T>
int64_t to_return(const Result<T>& r) {
  if (!r.ok()) return to_errno(r.error());
  return static_cast<int64_t>(r.value());
}
inline int64_t to_return(const Result<void>& r) { return r.ok() ? 0 : to_errno(r.error()); }

// Families (process.cc, io.cc, time.cc).
int64_t sys_exit(const Args&);
int64_t sys_getpid(const Args&);
int64_t sys_getppid(const Args&);
int64_t sys_spawn(const Args&);
int64_t sys_wait4(const Args&);
int64_t sys_kill(const Args&);
int64_t sys_yield(const Args&);
int64_t sys_chan_read(const Args&);
int64_t sys_write(const Args&);
int64_t sys_read(const Args&);
int64_t sys_sleep_ms(const Args&);
int64_t sys_uptime_ms(const Args&);
int64_t sys_close(const Args&);
// socket.cc
int64_t sys_socket(const Args&);
int64_t sys_bind(const Args&);
int64_t sys_listen(const Args&);
int64_t sys_accept(const Args&);
int64_t sys_connect(const Args&);
int64_t sys_send(const Args&);
int64_t sys_recv(const Args&);
int64_t sys_shutdown(const Args&);
int64_t sys_net_stats(const Args&);
int64_t sys_socket_list(const Args&);
int64_t sys_ping(const Args&);
// poll.cc
int64_t sys_poll(const Args&);

}  // namespace akuma::syscall
