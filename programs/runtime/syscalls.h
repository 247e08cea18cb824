// Syscall wrappers for user programs. Each returns the kernel's result: a
// value >= 0, or a negative errno (kernel/syscall/abi.h).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/syscall/abi.h"

namespace user {

using akuma::abi::NetStats;
using akuma::abi::PollFd;
using akuma::abi::Rusage;
using akuma::abi::SockAddr;
using akuma::abi::SocketEntry;
using akuma::abi::Stdio;

[[noreturn]] void exit(int code);
long write(int fd, const void* buf, size_t len);
long read(int fd, void* buf, size_t len);
long getpid();
long getppid();
// argv: NULL-terminated, may be nullptr.
long spawn(const char* name, const char* const* argv, Stdio stdio = Stdio::kConsole);
long wait4(long pid, int* status, int options, Rusage* usage);
long kill(long pid);
long sleep_ms(uint64_t ms);
long uptime_ms();
long yield();
long chan_read(long pid, void* buf, size_t len);
long close(int fd);

// Sockets (kernel/syscall/socket.cc). Blocking calls return -EINTR only when
// the process is being killed. Addresses are host byte order: ipv4(10,0,2,2).
constexpr uint32_t ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return uint32_t(a) << 24 | uint32_t(b) << 16 | uint32_t(c) << 8 | d;
}
long socket(uint64_t type = akuma::abi::kSockStream);
long bind(int fd, uint16_t port);  // -EADDRINUSE when taken
long listen(int fd, int backlog);
// flags: akuma::abi::kMsgDontWait never blocks (-EAGAIN instead; send then
// queues what fits and returns that count).
long accept(int fd, SockAddr* peer = nullptr, uint64_t flags = 0);  // -> new fd
long connect(int fd, uint32_t addr, uint16_t port);
long send(int fd, const void* buf, size_t len, uint64_t flags = 0);  // all of it, unless the peer is gone
long recv(int fd, void* buf, size_t len, uint64_t flags = 0);        // some bytes, 0 at end of stream
long shutdown(int fd);                           // stop sending (FIN)
long net_stats(NetStats* out);
long socket_list(SocketEntry* out, size_t max);  // -> count
long ping(uint32_t addr, uint16_t sequence, uint64_t timeout_ms);  // -> round trip ms
// Waits until a socket fd is ready (revents set) or timeout_ms passes (0: no
// wait, negative: forever); -> ready count, 0 on timeout. n <= kPollMaxFds.
long poll(PollFd* fds, size_t n, long timeout_ms);

// socket, bind and listen: the listening fd, or the failed call's -errno.
// Inline: the runtime is linked whole into every program, and most never listen.
inline long listen_on(uint16_t port, int backlog) {
  long fd = socket();
  if (fd < 0) return fd;
  long r = bind(static_cast<int>(fd), port);
  if (r == 0) r = listen(static_cast<int>(fd), backlog);
  if (r == 0) return fd;
  close(static_cast<int>(fd));
  return r;
}

// Raw entry, for tests that pass bad arguments on purpose.
long syscall6(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

}  // namespace user
