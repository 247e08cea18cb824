// TCP state names as netstat prints them, for the numbers socket_list
// reports (SocketEntry::tcp_state, net::tcp::TcpState's values). A copy of
// net::tcp::tcp_state_name's table, so netstat need not link the TCP stack
// (its operator new brings libstdc++'s exception support: ~58 KB in every
// copy of netstat); tcp_state_names_unittest holds it equal to the stack's.
#pragma once

#include <stdint.h>

namespace net_util {

constexpr const char* kTcpStateNames[] = {
    "CLOSED",     "LISTEN",     "SYN_SENT",   "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
    "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",    "LAST_ACK",     "TIME_WAIT",
};
constexpr int kTcpStateCount = sizeof kTcpStateNames / sizeof kTcpStateNames[0];

// "?" for a number the table does not know.
inline const char* tcp_state_name(uint8_t state) {
  return state < kTcpStateCount ? kTcpStateNames[state] : "?";
}

}  // namespace net_util
