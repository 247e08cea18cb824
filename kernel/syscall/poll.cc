// poll(fds, n, timeout_ms): waits until one of the socket fds is ready.
//
// Validate (n <= kPollMaxFds, the array readable and writable), resolve each
// fd to its socket once (not an open socket: kPollNval; a negative fd is
// skipped), then delegate to the socket table's readiness under the net
// lock. The wait is on knet::poll_waiters(), which the stack wakes with
// every socket's own queue, so one thread waits for many sockets on the one
// queue it may sit on; the net lock is held from the readiness check to the
// wait, so no wake-up is lost, and every wake-up re-checks.
//
// timeout_ms: 0 checks and returns at once, negative waits forever. Returns
// the number of fds with revents != 0, 0 on timeout. A kill interrupts the
// wait: EINTR, and the process dies on its return to user mode (its sockets
// are then aborted by the exit's fd close, like any killed process's).
#include "kernel/mm/address_space.h"
#include "kernel/net/net.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/socket_fd.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

uint16_t revents_of(uint32_t readiness, uint16_t events) {
  uint16_t r = 0;
  if ((readiness & net::kSocketReadable) != 0) r |= abi::kPollIn;
  if ((readiness & net::kSocketWritable) != 0) r |= abi::kPollOut;
  r &= events;
  if ((readiness & net::kSocketError) != 0) r |= abi::kPollErr;
  if ((readiness & net::kSocketHangup) != 0) r |= abi::kPollHup;
  return r;
}

// Fills revents; the number of ready fds. Net lock held.
size_t scan(abi::PollFd* fds, const net::SocketHandle* handles, size_t n) {
  size_t ready = 0;
  for (size_t i = 0; i < n; ++i) {
    if (fds[i].fd < 0) continue;
    fds[i].revents = handles[i].value == 0
                         ? abi::kPollNval
                         : revents_of(knet::sockets().readiness(handles[i]), fds[i].events);
    if (fds[i].revents != 0) ++ready;
  }
  return ready;
}

}  // namespace

int64_t sys_poll(const Args& a) {
  proc::Process& p = proc::current_process();
  uint64_t ufds = a.a[0];
  uint64_t n = a.a[1];
  int64_t timeout_ms = static_cast<int64_t>(a.a[2]);
  auto r = [&]() -> Result<size_t> {
    if (n > abi::kPollMaxFds) return Error::kInvalidArgument;
    if (!knet::up()) return Error::kNotSupported;  // ENOSYS, as for socket()
    abi::PollFd fds[abi::kPollMaxFds];
    size_t bytes = n * sizeof(abi::PollFd);
    if (n == 0 && timeout_ms < 0) return Error::kInvalidArgument;  // would sleep forever
    if (n != 0) {
      TRY(copy_from_user(*p.space, fds, ufds, bytes));
      // Writable too, so the result is never lost after the wait.
      TRY(check_user_writable(*p.space, ufds, bytes));
    }
    net::SocketHandle handles[abi::kPollMaxFds];
    for (size_t i = 0; i < n; ++i) {
      fds[i].revents = 0;
      auto h = fds[i].fd < 0 ? Result<net::SocketHandle>(Error::kBadDescriptor)
                             : resolve_socket(p, static_cast<uint64_t>(fds[i].fd));
      handles[i] = h.ok() ? h.value() : net::SocketHandle{};
    }
    uint64_t deadline_ns = timeout_ms > 0 ? (knet::now_ms() + static_cast<uint64_t>(timeout_ms)) * 1000000 : 0;
    size_t ready = 0;
    {
      knet::NetLock lock;
      for (;;) {
        ready = scan(fds, handles, n);
        if (ready != 0 || timeout_ms == 0) break;
        Result<void> w = knet::poll_waiters().wait(sched::Wait::kInterruptible, deadline_ns);
        if (!w.ok() && w.error() == Error::kTimedOut) break;
        if (!w.ok()) return w.error();
      }
    }
    if (n != 0) TRY(copy_to_user(*p.space, ufds, fds, bytes));
    return ready;
  }();
  return r.ok() ? static_cast<int64_t>(r.value()) : to_errno(r.error());
}

}  // namespace akuma::syscall
