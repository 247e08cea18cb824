#include "net/iface/counters.h"

namespace akuma::net {

const char* drop_reason_name(DropReason reason) {
  switch (reason) {
    case DropReason::kMalformed: return "malformed";
    case DropReason::kBadChecksum: return "bad checksum";
    case DropReason::kFragment: return "fragment";
    case DropReason::kNotForUs: return "not for us";
    case DropReason::kUnknownEtherType: return "unknown ethertype";
    case DropReason::kUnknownProtocol: return "unknown protocol";
    case DropReason::kUnsupported: return "unsupported";
    case DropReason::kNoSocket: return "no socket";
    case DropReason::kBacklogFull: return "backlog full";
    case DropReason::kQueueFull: return "queue full";
    case DropReason::kArpUnresolved: return "arp unresolved";
    case DropReason::kNoListener: return "no listener";
    case DropReason::kTableFull: return "table full";
    case DropReason::kSynQueueFull: return "syn queue full";
    case DropReason::kNoMemory: return "no memory";
    case DropReason::kCount: break;
  }
  return "?";
}

}  // namespace akuma::net
