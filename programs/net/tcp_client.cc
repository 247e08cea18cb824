// tcp_client A.B.C.D PORT MESSAGE: connects, sends MESSAGE and a newline,
// ends its side, and prints the first line of the reply.
#include "programs/net/net_util.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  uint32_t addr = 0;
  if (argc < 4 || !user::parse_ipv4(argv[1], &addr)) {
    user::puts("usage: tcp_client A.B.C.D PORT MESSAGE");
    return 2;
  }
  int port = user::atoi(argv[2]);
  int s = static_cast<int>(user::socket());
  long r = s < 0 ? s : user::connect(s, addr, static_cast<uint16_t>(port));
  if (r < 0) {
    user::printf("tcp_client: connect: %s\n", user::errno_name(r));
    return 1;
  }
  char msg[128];
  size_t len = 0;
  for (const char* m = argv[3]; *m != '\0' && len < sizeof msg - 1; ++m) msg[len++] = *m;
  msg[len++] = '\n';
  user::send(s, msg, len);
  user::shutdown(s);
  char reply[128];
  size_t got = 0;
  while (got < sizeof reply - 1) {
    long n = user::recv(s, reply + got, sizeof reply - 1 - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  user::close(s);
  size_t end = 0;
  while (end < got && reply[end] != '\n') ++end;
  reply[end] = '\0';
  user::printf("tcp_client: got: %s\n", reply);
  return 0;
}
