// Socket fds for the syscall families that take them (socket.cc, poll.cc).
#pragma once

#include <stdint.h>

#include "kernel/lib/result.h"
#include "kernel/proc/process.h"
#include "net/socket/socket_table.h"

namespace akuma::syscall {

// fd -> its socket. kBadDescriptor: not open; kNotSocket: another kind.
Result<net::SocketHandle> resolve_socket(uint64_t fd);
bool is_socket(const proc::OpenFile& f);

// ioctl on a socket: the network interface controls (SIOC*); ENOTTY for
// anything else.
Result<int64_t> interface_ioctl(uint64_t cmd, uint64_t arg);

}  // namespace akuma::syscall
