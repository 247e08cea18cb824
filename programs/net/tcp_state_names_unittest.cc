#include "programs/net/tcp_state_names.h"

#include <gtest/gtest.h>

#include "net/tcp/tcp_connection.h"

namespace {

using akuma::net::tcp::TcpState;

TEST(TcpStateNames, SameAsTheStack) {
  for (int s = 0; s < net_util::kTcpStateCount; ++s) {
    EXPECT_STREQ(net_util::tcp_state_name(static_cast<uint8_t>(s)),
                 akuma::net::tcp::tcp_state_name(static_cast<TcpState>(s)))
        << "state " << s;
  }
}

TEST(TcpStateNames, EveryStateOfTheStack) {
  // The last state is the table's last entry: a state added to the stack
  // must be added here.
  EXPECT_EQ(static_cast<int>(TcpState::kTimeWait) + 1, net_util::kTcpStateCount);
  EXPECT_STREQ(akuma::net::tcp::tcp_state_name(static_cast<TcpState>(net_util::kTcpStateCount)), "?");
  EXPECT_STREQ(net_util::tcp_state_name(net_util::kTcpStateCount), "?");
}

}  // namespace
