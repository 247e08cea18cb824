// The user/kernel ABI: syscall numbers, errno values, wait4 status encoding,
// rusage. Shared by the kernel and the user runtime (programs/runtime), so it
// is plain C++ with no kernel dependencies.
//
// Calling convention: `svc #0` with the number in x8 and arguments in x0..x5;
// the result comes back in x0, a negative errno on failure.
#pragma once

#include <stdint.h>

namespace akuma::abi {

enum Syscall : uint64_t {
  kSysExit = 0,       // exit(code)
  kSysWrite = 1,      // write(fd, buf, len) -> bytes
  kSysRead = 2,       // read(fd, buf, len) -> bytes, 0 at end of input
  kSysGetpid = 3,     // getpid()
  kSysGetppid = 4,    // getppid()
  kSysSpawn = 5,      // spawn(name, argv, stdio) -> pid
  kSysWait4 = 6,      // wait4(pid, &status, options, &rusage) -> pid, 0 (WNOHANG)
  kSysKill = 7,       // kill(pid)
  kSysSleepMs = 8,    // sleep_ms(ms)
  kSysUptimeMs = 9,   // uptime_ms()
  kSysYield = 10,     // yield()
  kSysChanRead = 11,  // chan_read(pid, buf, len): a child's output, 0 at its exit
  kSysClose = 12,     // close(fd)
  // Sockets (kernel/syscall/socket.cc); blocking calls return EINTR when killed.
  kSysSocket = 13,    // socket(kSockStream|kSockDgram) -> fd
  kSysBind = 14,      // bind(fd, port); EADDRINUSE if another socket has it
  kSysListen = 15,    // listen(fd, backlog)
  kSysAccept = 16,    // accept(fd, &SockAddr or null, flags) -> fd; blocks unless kMsgDontWait
  kSysConnect = 17,   // connect(fd, &SockAddr); blocks until established or refused
  kSysSend = 18,      // send(fd, buf, len, flags) -> bytes; blocks until all is queued
  kSysRecv = 19,      // recv(fd, buf, len, flags) -> bytes, 0 at end of stream; blocks
  kSysShutdown = 20,  // shutdown(fd): no more sending (FIN)
  kSysNetStats = 21,  // net_stats(&NetStats): interface counters
  kSysSocketList = 22,  // socket_list(SocketEntry* out, max) -> count of open sockets
  kSysPing = 23,      // ping(addr, sequence, timeout_ms) -> round trip ms
  kSysPoll = 24,      // poll(PollFd* fds, n, timeout_ms) -> ready count, 0 on timeout
  kSysCount,
};

// errno values (Linux numbering).
enum Errno : int {
  kEPERM = 1,
  kENOENT = 2,
  kESRCH = 3,
  kEINTR = 4,
  kEIO = 5,
  kE2BIG = 7,
  kENOEXEC = 8,
  kEBADF = 9,
  kECHILD = 10,
  kEAGAIN = 11,
  kENOMEM = 12,
  kEFAULT = 14,
  kEBUSY = 16,
  kEEXIST = 17,
  kENOTDIR = 20,
  kEISDIR = 21,
  kEINVAL = 22,
  kERANGE = 34,
  kENAMETOOLONG = 36,
  kENOSYS = 38,
  kELOOP = 40,
  kEADDRINUSE = 98,
  kENOTCONN = 107,
  kETIMEDOUT = 110,
  kECONNREFUSED = 111,
  kECONNRESET = 104,
};

// wait4 options.
constexpr int kWNOHANG = 1;

// Where a spawned program's stdout goes: straight to the console, or into
// its process channel for the parent to read (chan_read / read_output).
enum class Stdio : uint64_t { kConsole = 0, kChannel = 1 };

// Signals the kernel reports in wait statuses.
constexpr int kSIGINT = 2;  // the shell's Ctrl-C: shell exit code 130
constexpr int kSIGILL = 4;
constexpr int kSIGKILL = 9;
constexpr int kSIGSEGV = 11;

// Unix status encoding: exited with code c -> c << 8; killed by signal s -> s.
constexpr int status_exited(int code) { return (code & 0xff) << 8; }
constexpr int status_signaled(int sig) { return sig & 0x7f; }
constexpr bool wifexited(int status) { return (status & 0x7f) == 0; }
constexpr int wexitstatus(int status) { return (status >> 8) & 0xff; }
constexpr bool wifsignaled(int status) { return (status & 0x7f) != 0; }
constexpr int wtermsig(int status) { return status & 0x7f; }
// What a shell shows: the exit code, or 128 + signal (137 for kill).
constexpr int shell_exit_code(int status) {
  return wifexited(status) ? wexitstatus(status) : 128 + wtermsig(status);
}

// Sockets. Addresses are IPv4 in host byte order (10.0.2.15 = 0x0a00020f).
constexpr uint64_t kSockStream = 1;
constexpr uint64_t kSockDgram = 2;

struct SockAddr {
  uint32_t addr;
  uint16_t port;
  uint16_t reserved;
};

// accept / send / recv flags. kMsgDontWait: never block; EAGAIN instead
// (send queues what fits and returns that count, EAGAIN only when nothing fit).
constexpr uint64_t kMsgDontWait = 1;

// poll (kernel/syscall/poll.cc): Linux's bit values. events asks for kPollIn /
// kPollOut; kPollErr, kPollHup and kPollNval (fd is not an open socket) are
// reported whether asked or not. A negative fd is skipped (revents 0).
constexpr uint16_t kPollIn = 0x01;    // recv / accept would not block (data, EOF, a connection)
constexpr uint16_t kPollOut = 0x04;   // send would not block
constexpr uint16_t kPollErr = 0x08;   // reset, refused or timed out
constexpr uint16_t kPollHup = 0x10;   // the peer closed its side
constexpr uint16_t kPollNval = 0x20;  // not an open socket fd
constexpr uint64_t kPollMaxFds = 32;  // more: EINVAL
struct PollFd {
  int32_t fd;
  uint16_t events;
  uint16_t revents;
};

// net_stats: counters of the interface; drops[i] counts drops for reason i
// (net::DropReason, names from net::drop_reason_name).
constexpr int kNetDropReasons = 16;
struct NetStats {
  uint32_t address;  // 0 while unconfigured
  uint32_t gateway;
  uint64_t rx_packets;
  uint64_t rx_bytes;
  uint64_t tx_packets;
  uint64_t tx_bytes;
  uint64_t tx_errors;
  uint64_t drops[kNetDropReasons];
  uint32_t tcp_connections;  // every TCP connection, including TIME_WAIT ones
  uint32_t open_sockets;
};

// socket_list: one open socket.
struct SocketEntry {
  uint32_t id;         // the kernel's socket handle
  uint8_t type;        // kSockStream or kSockDgram
  uint8_t listening;
  uint8_t tcp_state;   // net::tcp::TcpState; 0 = closed / none
  uint8_t reserved;
  uint16_t local_port;
  uint16_t remote_port;
  uint32_t remote_addr;
  uint32_t bytes_unread;
  uint32_t bytes_unacked;
};

struct Rusage {
  uint64_t cpu_us;            // CPU time, user and kernel together
  uint64_t context_switches;  // times the thread gave up the CPU
  uint64_t max_pages;         // peak user pages + page tables
};

}  // namespace akuma::abi
