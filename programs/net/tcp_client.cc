// tcp_client A.B.C.D PORT MESSAGE: connects, sends MESSAGE and a newline,
// ends its side, and prints the first line of the reply.
#include <stdio.h>
#include <stdlib.h>

#include "programs/net/net_util.h"

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  uint32_t addr = 0;
  if (argc < 4 || !net_util::parse_ipv4(argv[1], &addr)) {
    puts("usage: tcp_client A.B.C.D PORT MESSAGE");
    return 2;
  }
  int port = atoi(argv[2]);
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in to = net_util::ipv4_endpoint(addr, static_cast<uint16_t>(port));
  if (s < 0 || connect(s, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    printf("tcp_client: connect: %s\n", net_util::errno_name(errno));
    return 1;
  }
  char msg[128];
  size_t len = 0;
  for (const char* m = argv[3]; *m != '\0' && len < sizeof msg - 1; ++m) msg[len++] = *m;
  msg[len++] = '\n';
  net_util::send_all(s, msg, len);
  shutdown(s, SHUT_WR);
  char reply[128];
  size_t got = 0;
  while (got < sizeof reply - 1) {
    ssize_t n = recv(s, reply + got, sizeof reply - 1 - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(s);
  size_t end = 0;
  while (end < got && reply[end] != '\n') ++end;
  reply[end] = '\0';
  printf("tcp_client: got: %s\n", reply);
  return 0;
}
