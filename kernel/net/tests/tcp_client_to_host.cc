// A guest client reaches a host server: the harness starts a server on the
// host's loopback (`@host tcp serve`) and types its port; the guest reaches
// it at 10.0.2.2 (QEMU's user network maps the gateway to the host).
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  using namespace knet::test;
  kprintf("waiting for the host server's port\n");
  char port[16];
  read_host_line(port, sizeof port);
  const char* argv[] = {"tcp_client", "10.0.2.2", port, "hello from the guest", nullptr};
  reap(proc::test::must_spawn("tcp_client", argv));
  kprintf("sockets open: %d\n", open_sockets());
  return 0;
}

}  // namespace akuma
