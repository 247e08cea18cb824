// 200 sequential connections from the host leave no socket behind: the
// socket count before the server starts and after it exits is the same.
// netstat shows the listener, then the counters.
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  using namespace knet::test;
  kprintf("sockets open before: %d\n", open_sockets());
  const char* argv[] = {"tcp_greeter", "8080", "hi", "200", nullptr};
  proc::Pid pid = proc::test::must_spawn("tcp_greeter", argv);
  settled(pid, "tcp_greeter");
  reap(proc::test::must_spawn("netstat"));  // the listener
  wait_for_host();  // 200 connections made
  reap(pid);
  kprintf("sockets open after: %d\n", open_sockets());
  reap(proc::test::must_spawn("netstat"));  // the counters
  return 0;
}

}  // namespace akuma
