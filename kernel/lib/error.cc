#include "kernel/lib/error.h"

namespace akuma {

const char* error_name(Error e) {
  switch (e) {
    case Error::kNoMemory: return "no memory";
    case Error::kInvalidArgument: return "invalid argument";
    case Error::kNotFound: return "not found";
    case Error::kExists: return "already exists";
    case Error::kBusy: return "busy";
    case Error::kInterrupted: return "interrupted";
    case Error::kBadAddress: return "bad address";
    case Error::kBadDescriptor: return "bad descriptor";
    case Error::kNoChild: return "no child";
    case Error::kWouldBlock: return "would block";
    case Error::kPermission: return "not permitted";
    case Error::kRange: return "out of range";
    case Error::kNotSupported: return "not supported";
    case Error::kConnectionRefused: return "connection refused";
    case Error::kConnectionReset: return "connection reset";
    case Error::kTimedOut: return "timed out";
    case Error::kNotConnected: return "not connected";
    case Error::kMalformed: return "malformed";
    case Error::kNotDirectory: return "not a directory";
    case Error::kIsDirectory: return "is a directory";
    case Error::kNameTooLong: return "name too long";
    case Error::kSymlinkLoop: return "too many symbolic links";
    case Error::kTooManyFiles: return "too many open files";
    case Error::kBrokenPipe: return "broken pipe";
    case Error::kNotTerminal: return "not a terminal";
    case Error::kIllegalSeek: return "illegal seek";
    case Error::kTooBig: return "argument list too long";
    case Error::kNotExecutable: return "not executable";
    case Error::kAccessDenied: return "permission denied";
    case Error::kReadOnly: return "read-only filesystem";
    case Error::kAddressNotAvailable: return "address not available";
    case Error::kAlreadyConnected: return "already connected";
    case Error::kAlreadyInProgress: return "already in progress";
    case Error::kNetworkUnreachable: return "network unreachable";
    case Error::kDestinationRequired: return "destination address required";
    case Error::kMessageTooLong: return "message too long";
    case Error::kOperationNotSupported: return "operation not supported";
    case Error::kNotSocket: return "not a socket";
    case Error::kAddressFamily: return "address family not supported";
    case Error::kProtocolNotSupported: return "protocol not supported";
    case Error::kInProgress: return "operation in progress";
    case Error::kNoSuchOption: return "protocol not available";
    case Error::kNoDevice: return "no such device";
  }
  return "unknown error";
}

}  // namespace akuma
