// Socket fds for the syscall families that take them (socket.cc, poll.cc).
#pragma once

#include <stdint.h>

#include "kernel/lib/result.h"
#include "kernel/proc/process.h"
#include "net/socket/socket_table.h"

namespace akuma::syscall {

// The fd ops of a socket fd; File::data holds its net::SocketHandle.
extern const proc::FileOps kSocketOps;

// fd -> its socket. kBadDescriptor: not open or not a socket;
// kNotSupported: the image has no network.
Result<net::SocketHandle> resolve_socket(proc::Process& p, uint64_t fd);

}  // namespace akuma::syscall
