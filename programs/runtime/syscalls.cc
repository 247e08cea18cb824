#include "programs/runtime/syscalls.h"

namespace user {

using namespace akuma::abi;

long syscall6(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5) {
  register uint64_t x8 asm("x8") = nr;
  register uint64_t x0 asm("x0") = a0;
  register uint64_t x1 asm("x1") = a1;
  register uint64_t x2 asm("x2") = a2;
  register uint64_t x3 asm("x3") = a3;
  register uint64_t x4 asm("x4") = a4;
  register uint64_t x5 asm("x5") = a5;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
  return static_cast<long>(x0);
}

namespace {
uint64_t u(const void* p) { return reinterpret_cast<uint64_t>(p); }
long sys(uint64_t nr, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0) {
  return syscall6(nr, a0, a1, a2, a3, 0, 0);
}
}  // namespace

void exit(int code) {
  sys(kSysExit, static_cast<uint64_t>(code));
  for (;;) {
  }
}
long write(int fd, const void* buf, size_t len) { return sys(kSysWrite, fd, u(buf), len); }
long read(int fd, void* buf, size_t len) { return sys(kSysRead, fd, u(buf), len); }
long getpid() { return sys(kSysGetpid); }
long getppid() { return sys(kSysGetppid); }
long spawn(const char* name, const char* const* argv, Stdio stdio) {
  return sys(kSysSpawn, u(name), u(argv), static_cast<uint64_t>(stdio));
}
long wait4(long pid, int* status, int options, Rusage* usage) {
  return sys(kSysWait4, static_cast<uint64_t>(pid), u(status), static_cast<uint64_t>(options), u(usage));
}
long kill(long pid) { return sys(kSysKill, static_cast<uint64_t>(pid)); }
long sleep_ms(uint64_t ms) { return sys(kSysSleepMs, ms); }
long uptime_ms() { return sys(kSysUptimeMs); }
long yield() { return sys(kSysYield); }
long chan_read(long pid, void* buf, size_t len) { return sys(kSysChanRead, static_cast<uint64_t>(pid), u(buf), len); }

long close(int fd) { return sys(kSysClose, static_cast<uint64_t>(fd)); }
long socket(uint64_t type) { return sys(kSysSocket, type); }
long bind(int fd, uint16_t port) { return sys(kSysBind, static_cast<uint64_t>(fd), port); }
long listen(int fd, int backlog) { return sys(kSysListen, static_cast<uint64_t>(fd), static_cast<uint64_t>(backlog)); }
long accept(int fd, SockAddr* peer, uint64_t flags) {
  return sys(kSysAccept, static_cast<uint64_t>(fd), u(peer), flags);
}
long connect(int fd, uint32_t addr, uint16_t port) {
  SockAddr to{addr, port, 0};
  return sys(kSysConnect, static_cast<uint64_t>(fd), u(&to));
}
long send(int fd, const void* buf, size_t len, uint64_t flags) {
  return sys(kSysSend, static_cast<uint64_t>(fd), u(buf), len, flags);
}
long recv(int fd, void* buf, size_t len, uint64_t flags) {
  return sys(kSysRecv, static_cast<uint64_t>(fd), u(buf), len, flags);
}
long shutdown(int fd) { return sys(kSysShutdown, static_cast<uint64_t>(fd)); }
long net_stats(NetStats* out) { return sys(kSysNetStats, u(out)); }
long socket_list(SocketEntry* out, size_t max) { return sys(kSysSocketList, u(out), max); }
long ping(uint32_t addr, uint16_t sequence, uint64_t timeout_ms) { return sys(kSysPing, addr, sequence, timeout_ms); }
long poll(PollFd* fds, size_t n, long timeout_ms) {
  return sys(kSysPoll, u(fds), n, static_cast<uint64_t>(timeout_ms));
}

}  // namespace user

extern "C" [[noreturn]] void _exit(int code) { user::exit(code); }
