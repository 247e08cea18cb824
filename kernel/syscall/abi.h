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
  kEINVAL = 22,
  kERANGE = 34,
  kENOSYS = 38,
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

struct Rusage {
  uint64_t cpu_us;            // CPU time, user and kernel together
  uint64_t context_switches;  // times the thread gave up the CPU
  uint64_t max_pages;         // peak user pages + page tables
};

}  // namespace akuma::abi
