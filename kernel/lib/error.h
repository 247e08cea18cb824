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
};

// A short, stable name for each error, used in logs and panic reports.
const char* error_name(Error e);

}  // namespace akuma
