// The guest pings its gateway (10.0.2.2, QEMU's user network) from a
// program, through the ping syscall.
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  using namespace knet::test;
  {
    knet::NetLock lock;
    net::Ipv4Address a = knet::iface().config().address;
    kprintf("address %u.%u.%u.%u\n", a.value >> 24, (a.value >> 16) & 0xff, (a.value >> 8) & 0xff,
            a.value & 0xff);
  }
  const char* argv[] = {"ping", "10.0.2.2", "3", nullptr};
  reap(proc::test::must_spawn("ping", argv));
  return 0;
}

}  // namespace akuma
