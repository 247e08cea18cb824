// poll() on sockets with a host peer (programs/net/poll_probe does the
// calls): nothing ready with timeout 0, bad fds / pointers / counts, the
// listener readable once the host connects, a timeout that expires, data,
// a close; then the probe blocks in poll forever and is killed: 137, and
// its sockets are freed.
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  using namespace knet::test;
  const char* argv[] = {"poll_probe", nullptr};
  proc::Pid pid = proc::test::must_spawn("poll_probe", argv);
  wait_for_host();  // the probe said it blocks in poll forever
  settled(pid, "poll_probe");
  auto k = proc::kill(pid);
  kprintf("kill %d: %s\n", pid, k.ok() ? "ok" : error_name(k.error()));
  reap(pid);
  kprintf("sockets open: %d\n", open_sockets());
  return 0;
}

}  // namespace akuma
