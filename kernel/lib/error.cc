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
  }
  return "unknown error";
}

}  // namespace akuma
