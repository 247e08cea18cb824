// Small helpers shared by the network programs: errno names, dotted quads.
#pragma once

#include <stdint.h>

#include "kernel/syscall/abi.h"

namespace user {

inline const char* errno_name(long r) {
  using namespace akuma::abi;
  switch (-r) {
    case kEINTR: return "EINTR";
    case kEBADF: return "EBADF";
    case kEAGAIN: return "EAGAIN";
    case kENOMEM: return "ENOMEM";
    case kEFAULT: return "EFAULT";
    case kEBUSY: return "EBUSY";
    case kEINVAL: return "EINVAL";
    case kENOSYS: return "ENOSYS";
    case kEADDRINUSE: return "EADDRINUSE";
    case kECONNRESET: return "ECONNRESET";
    case kENOTCONN: return "ENOTCONN";
    case kETIMEDOUT: return "ETIMEDOUT";
    case kECONNREFUSED: return "ECONNREFUSED";
  }
  return "error";
}

// "10.0.2.2" -> 0x0a000202; false if it is not four numbers 0..255.
inline bool parse_ipv4(const char* s, uint32_t* out) {
  uint32_t value = 0;
  for (int part = 0; part < 4; ++part) {
    if (*s < '0' || *s > '9') return false;
    uint32_t n = 0;
    while (*s >= '0' && *s <= '9') n = n * 10 + uint32_t(*s++ - '0');
    if (n > 255) return false;
    value = value << 8 | n;
    if (part < 3 && *s++ != '.') return false;
  }
  *out = value;
  return *s == '\0';
}

}  // namespace user
