// The seed's contract for sockets: a server blocked in accept() is killed
// (137); its port is free at once, so the host is refused, and a new
// process binds the same port immediately and serves again. A second bind
// of a port that is listening fails with EADDRINUSE.
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  using namespace knet::test;
  const char* first[] = {"tcp_greeter", "8080", "hello from the first server", nullptr};
  proc::Pid pid = proc::test::must_spawn("tcp_greeter", first);
  settled(pid, "tcp_greeter");
  wait_for_host();  // the host connected and read the greeting

  kprintf("a second server on the same port:\n");
  const char* second[] = {"tcp_greeter", "8080", "never", nullptr};
  reap(proc::test::must_spawn("tcp_greeter", second));

  settled(pid, "tcp_greeter");
  auto k = proc::kill(pid);
  kprintf("kill %d: %s\n", pid, k.ok() ? "ok" : error_name(k.error()));
  reap(pid);
  kprintf("sockets open: %d\n", open_sockets());
  wait_for_host();  // the host was refused

  const char* third[] = {"tcp_greeter", "8080", "hello from the new server", nullptr};
  pid = proc::test::must_spawn("tcp_greeter", third);
  settled(pid, "tcp_greeter");
  wait_for_host();  // the host reached the new server
  (void)proc::kill(pid);
  reap(pid);
  kprintf("sockets open: %d\n", open_sockets());
  return 0;
}

}  // namespace akuma
