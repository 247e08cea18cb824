// A guest client reaches a host server: the harness starts a server on the
// host's loopback (`@host tcp serve`) and types its port; the guest reaches
// it at 10.0.2.2 (QEMU's user network maps the gateway to the host). A
// port nobody listens on refuses the guest's connect.
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  using namespace knet::test;
  // Nobody listens on the host's port 1: QEMU answers the SYN with RST.
  const char* refused[] = {"tcp_client", "10.0.2.2", "1", "anyone there?", nullptr};
  reap(proc::test::must_spawn("tcp_client", refused));
  kprintf("waiting for the host server's port\n");
  char port[16];
  read_host_line(port, sizeof port);
  const char* argv[] = {"tcp_client", "10.0.2.2", port, "hello from the guest", nullptr};
  reap(proc::test::must_spawn("tcp_client", argv));
  wait_for_host();  // the host server checked what it got
  kprintf("sockets open: %d\n", open_sockets());
  return 0;
}

}  // namespace akuma
