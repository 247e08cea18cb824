// Kernel Errors become Linux errno values here and nowhere else.
#include "kernel/syscall/linux_abi.h"
#include "kernel/syscall/syscall.h"

namespace akuma::syscall {

int64_t to_errno(Error e) {
  using namespace abi::err;
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
    case Error::kTooManyFiles: v = kEMFILE; break;
    case Error::kBrokenPipe: v = kEPIPE; break;
    case Error::kNotTerminal: v = kENOTTY; break;
    case Error::kIllegalSeek: v = kESPIPE; break;
    case Error::kTooBig: v = kE2BIG; break;
    case Error::kNotExecutable: v = kENOEXEC; break;
    case Error::kAccessDenied: v = kEACCES; break;
    case Error::kReadOnly: v = kEROFS; break;
    case Error::kAddressNotAvailable: v = kEADDRNOTAVAIL; break;
    case Error::kAlreadyConnected: v = kEISCONN; break;
    case Error::kAlreadyInProgress: v = kEALREADY; break;
    case Error::kNetworkUnreachable: v = kENETUNREACH; break;
    case Error::kDestinationRequired: v = kEDESTADDRREQ; break;
    case Error::kMessageTooLong: v = kEMSGSIZE; break;
    case Error::kOperationNotSupported: v = kEOPNOTSUPP; break;
    case Error::kNotSocket: v = kENOTSOCK; break;
    case Error::kAddressFamily: v = kEAFNOSUPPORT; break;
    case Error::kProtocolNotSupported: v = kEPROTONOSUPPORT; break;
    case Error::kInProgress: v = kEINPROGRESS; break;
    case Error::kNoSuchOption: v = kENOPROTOOPT; break;
    case Error::kNoDevice: v = kENODEV; break;
  }
  return -v;
}

}  // namespace akuma::syscall
