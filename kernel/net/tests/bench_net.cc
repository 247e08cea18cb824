// Not a test: tools/bench_net.py boots this and measures from the host. It
// runs tcp_sink on port 8080 until QEMU is stopped.
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  const char* argv[] = {"tcp_sink", "8080", nullptr};
  knet::test::reap(proc::test::must_spawn("tcp_sink", argv));
  return 1;
}

}  // namespace akuma
