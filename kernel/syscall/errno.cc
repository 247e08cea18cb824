#include "kernel/syscall/abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {

int64_t to_errno(Error e) {
  using namespace abi;
  int v = kEINVAL;
  switch (e) {
    case Error::kNoMemory: v = kENOMEM; break;
    case Error::kInvalidArgument: v = kEINVAL; break;
    case Error::kNotFound: v = kENOENT; break;
    case Error::kExists: v = kEEXIST; break;
    case Error::kBusy: v = kEBUSY; break;
    case Error::kInterrupted: v = kEINTR; break;
    case Error::kBadAddress: v = kEFAULT; break;
    case Error::kBadDescriptor: v = kEBADF; break;
    case Error::kNoChild: v = kECHILD; break;
    case Error::kWouldBlock: v = kEAGAIN; break;
    case Error::kPermission: v = kEPERM; break;
    case Error::kRange: v = kERANGE; break;
    case Error::kNotSupported: v = kENOSYS; break;
    case Error::kConnectionRefused: v = kECONNREFUSED; break;
    case Error::kConnectionReset: v = kECONNRESET; break;
    case Error::kTimedOut: v = kETIMEDOUT; break;
    case Error::kNotConnected: v = kENOTCONN; break;
    case Error::kMalformed: v = kENOEXEC; break;
    case Error::kNotDirectory: v = kENOTDIR; break;
    case Error::kIsDirectory: v = kEISDIR; break;
    case Error::kNameTooLong: v = kENAMETOOLONG; break;
    case Error::kSymlinkLoop: v = kELOOP; break;
  }
  return -v;
}

int64_t to_socket_errno(Error e) {
  // A port someone else holds is "address in use" for sockets.
  return e == Error::kExists ? -abi::kEADDRINUSE : to_errno(e);
}

}  // namespace akuma::syscall
