// ioctl: FIONBIO for any descriptor; the terminal controls for files that
// behave as a terminal (the console, the shell's job pipes); the network
// interface controls on sockets (socket.cc); ENOTTY for the rest.
//
// Terminals: programs ask TCGETS to learn whether a stream is a terminal
// (isatty; glibc line-buffers stdout then), and TIOCGWINSZ for its size (a
// serial line has none: zeroes, as Linux's ttyAMA0 reports). Settings are
// accepted and not applied: input editing is the shell's.
#include "kernel/mm/address_space.h"
#include "kernel/proc/api.h"
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/socket_fd.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {
namespace {

// A cooked terminal: ICRNL|IXON; OPOST|ONLCR; B38400|CS8|CREAD; ISIG|ICANON|
// ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN; ^C ^\ DEL ^U ^D, VMIN 1.
constexpr abi::Termios kCooked{0x500, 0x5, 0xbf, 0x8a3b, 0,
                               {3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0, 0, 0}};

Result<int64_t> terminal_ioctl(uint64_t cmd, uint64_t arg) {
  switch (cmd) {
    case abi::kTCGETS:
      TRY(UserPtr<abi::Termios>{arg}.write(user_space(), kCooked));
      return 0;
    case abi::kTCSETS:
    case abi::kTCSETSW:
    case abi::kTCSETSF:
      TRY(UserPtr<abi::Termios>{arg}.read(user_space()));
      return 0;
    case abi::kTIOCGWINSZ:
      TRY(UserPtr<abi::Winsize>{arg}.write(user_space(), abi::Winsize{}));
      return 0;
    case abi::kTIOCSWINSZ:
      TRY(UserPtr<abi::Winsize>{arg}.read(user_space()));
      return 0;
    default:
      return Error::kNotTerminal;
  }
}

}  // namespace

int64_t sys_ioctl(const Args& a) {
  uint64_t cmd = a.a[1] & 0xffffffff;  // Linux's cmd is an unsigned int
  uint64_t arg = a.a[2];
  auto r = [&]() -> Result<int64_t> {
    proc::FileRef f = TRY(proc::current_process().fds.get(a.i32(0)));
    if (cmd == abi::kFIONBIO) {
      int on = TRY(UserPtr<int>{arg}.read(user_space()));
      f->flags = on ? (f->flags | abi::kONonblock) : (f->flags & ~abi::kONonblock);
      return 0;
    }
    if (is_socket(*f)) return interface_ioctl(cmd, arg);
    if (f->ops->is_terminal && f->ops->is_terminal(*f)) return terminal_ioctl(cmd, arg);
    return Error::kNotTerminal;
  }();
  return to_return(r);
}

}  // namespace akuma::syscall
