// A guest echo server returns 1 MiB from a host client intact: the host
// sends pseudo-random bytes through the port forward, reads everything back
// and compares (`@host tcp echo 1MiB -> ok`).
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  using namespace knet::test;
  const char* argv[] = {"tcp_echo", "8080", nullptr};
  proc::Pid pid = proc::test::must_spawn("tcp_echo", argv);
  settled(pid, "tcp_echo");
  reap(pid);
  // The last bytes may still be on their way to the host: powering off now
  // would cut them off. The host says when it has everything.
  wait_for_host();
  kprintf("sockets open: %d\n", open_sockets());
  return 0;
}

}  // namespace akuma
