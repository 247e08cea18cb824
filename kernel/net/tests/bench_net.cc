// Not a test: tools/bench_net.py boots this and measures from the host. It
// runs httpd on port 8080 (document root /www), tcp_sink on 8081 and
// tcp_source on 8082 -- the servers bench_serve starts on Linux, with
// Akuma's httpd instead of busybox's -- then, for each line the host types,
// prints the net thread's profile (knet::profile()) and the NIC's counters,
// until QEMU is stopped.
#include "kernel/drivers/virtio/net.h"
#include "kernel/net/tests/net_test.h"

namespace akuma {

int program_main() {
  using namespace knet::test;
  const char* httpd[] = {"httpd", "8080", "/www", nullptr};
  const char* sink[] = {"tcp_sink", "8081", nullptr};
  const char* source[] = {"tcp_source", "8082", nullptr};
  proc::test::must_spawn("tcp_sink", sink);
  proc::test::must_spawn("tcp_source", source);
  proc::Pid pid = proc::test::must_spawn("httpd", httpd);
  settled(pid, "httpd");
  kprintf("bench: ready\n");
  for (;;) {
    char line[32];
    read_host_line(line, sizeof line);
    knet::Profile p = knet::profile();
    auto nic = virtio::VirtioNet::probe();
    kprintf("profile: rounds %llu frames %llu receive_ns %llu poll_ns %llu\n",
            (unsigned long long)p.rounds, (unsigned long long)p.frames,
            (unsigned long long)p.receive_ns, (unsigned long long)p.poll_ns);
    if (nic.ok()) {
      virtio::NetStats s = nic.value()->stats();
      kprintf("nic: irqs %llu rx_frames %llu tx_frames %llu rx_notifies %llu tx_notifies %llu "
              "tx_backlogged %llu tx_busy %llu rx_drops %llu\n",
              (unsigned long long)s.irqs, (unsigned long long)s.rx_frames,
              (unsigned long long)s.tx_frames, (unsigned long long)s.rx_notifies,
              (unsigned long long)s.tx_notifies, (unsigned long long)s.tx_backlogged,
              (unsigned long long)s.tx_busy, (unsigned long long)s.rx_drops);
    }
  }
}

}  // namespace akuma
