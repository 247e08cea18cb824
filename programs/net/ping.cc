// ping A.B.C.D [COUNT]: ICMP echo requests, one line per reply, through this
// kernel's own syscall (kernel/syscall/akuma_abi.h; ENOSYS elsewhere).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "programs/net/net_util.h"

namespace {
constexpr long kAkumaPing = 2050;  // kernel/syscall/linux_abi.h nr::kAkumaPing
}

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  uint32_t addr = 0;
  if (argc < 2 || !net_util::parse_ipv4(argv[1], &addr)) {
    puts("usage: ping A.B.C.D [COUNT]");
    return 2;
  }
  int count = argc > 2 ? atoi(argv[2]) : 3;
  int received = 0;
  for (int seq = 1; seq <= count; ++seq) {
    // (address in host byte order, sequence, timeout in ms) -> round trip ms
    long r = syscall(kAkumaPing, static_cast<unsigned long>(addr), static_cast<unsigned long>(seq & 0xffff), 2000ul);
    if (r < 0) {
      printf("ping: %s seq=%d: %s\n", argv[1], seq, net_util::errno_name(errno));
    } else {
      printf("ping: reply from %s seq=%d\n", argv[1], seq);
      ++received;
    }
  }
  printf("ping: %d of %d replies\n", received, count);
  return received == count ? 0 : 1;
}
