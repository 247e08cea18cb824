// Kernel error codes. Kernel code passes these around as values (see result.h);
// they become errno numbers only at the syscall boundary (kernel/syscall).
#pragma once

namespace akuma {

enum class Error : int {
  kNoMemory = 1,       // out of pages or heap
  kInvalidArgument,    // malformed input
  kNotFound,           // no such pid, program, port, ...
  kExists,             // already present (address in use, ...)
  kBusy,               // resource temporarily unavailable
  kInterrupted,        // a blocking wait was interrupted by kill
  kBadAddress,         // user pointer outside the caller's memory
  kBadDescriptor,      // fd not open
  kNoChild,            // wait4 with nothing to wait for
  kWouldBlock,         // non-blocking operation would block
  kPermission,         // operation not permitted
  kRange,              // value out of range
  kNotSupported,       // feature not implemented by this kernel
  kConnectionRefused,  // peer sent RST to our SYN
  kConnectionReset,    // peer reset an established connection
  kTimedOut,           // deadline passed
  kNotConnected,       // socket not connected
  kMalformed,          // truncated or nonsense data (ELF, packets, requests)

  // Path resolution and file access (kernel/fs).
  kNotDirectory,       // a path component that must be a directory is not one
  kIsDirectory,        // a file operation (read) on a directory
  kNameTooLong,        // a path, or one of its components, is too long
  kSymlinkLoop,        // too many symbolic links followed while resolving a path

  // Processes and files (the Linux ABI).
  kTooManyFiles,       // the descriptor table is full (EMFILE)
  kBrokenPipe,         // writing where nobody reads (EPIPE, and SIGPIPE)
  kNotTerminal,        // a terminal control on something else (ENOTTY)
  kIllegalSeek,        // seeking a pipe, socket or terminal (ESPIPE)
  kTooBig,             // argument lists too long (E2BIG)
  kNotExecutable,      // not a program this kernel can run (ENOEXEC)
  kAccessDenied,       // permission bits refuse it (EACCES)
  kReadOnly,           // the filesystem is read-only (EROFS)

  // Sockets (net/socket/socket_table.h says which call returns which).
  kAddressNotAvailable,   // not one of this host's addresses, or no free 4-tuple (EADDRNOTAVAIL)
  kAlreadyConnected,      // the socket is connected already (EISCONN)
  kAlreadyInProgress,     // a connect is still in progress (EALREADY)
  kNetworkUnreachable,    // no route to the destination (ENETUNREACH)
  kDestinationRequired,   // a datagram without a destination (EDESTADDRREQ)
  kMessageTooLong,        // a datagram larger than the stack sends (EMSGSIZE)
  kOperationNotSupported, // not for this kind of socket, e.g. listen on UDP (EOPNOTSUPP)
  kNotSocket,             // a socket call on another kind of file (ENOTSOCK)
  kAddressFamily,         // an address family other than AF_INET (EAFNOSUPPORT)
  kProtocolNotSupported,  // a socket type or protocol the stack lacks (EPROTONOSUPPORT)
  kInProgress,            // a non-blocking connect has started (EINPROGRESS)
  kNoSuchOption,          // an unknown socket option (ENOPROTOOPT)
  kNoDevice,              // no such device or interface (ENODEV)
};

// A short, stable name for each error, used in logs and panic reports.
const char* error_name(Error e);

}  // namespace akuma
