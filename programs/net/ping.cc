// ping A.B.C.D [COUNT]: ICMP echo requests, one line per reply.
#include "programs/net/net_util.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  uint32_t addr = 0;
  if (argc < 2 || !user::parse_ipv4(argv[1], &addr)) {
    user::puts("usage: ping A.B.C.D [COUNT]");
    return 2;
  }
  int count = argc > 2 ? user::atoi(argv[2]) : 3;
  int received = 0;
  for (int seq = 1; seq <= count; ++seq) {
    long r = user::ping(addr, static_cast<uint16_t>(seq), 2000);
    if (r < 0) {
      user::printf("ping: %s seq=%d: %s\n", argv[1], seq, user::errno_name(r));
    } else {
      user::printf("ping: reply from %s seq=%d\n", argv[1], seq);
      ++received;
    }
  }
  user::printf("ping: %d of %d replies\n", received, count);
  return received == count ? 0 : 1;
}
