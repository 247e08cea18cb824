// tcp_echo PORT: accepts one connection on PORT and sends back every byte
// until the client ends its side, then reports the count and exits.
#include <stdio.h>
#include <stdlib.h>

#include "programs/net/net_util.h"

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  int l = net_util::listen_on(static_cast<uint16_t>(port), 4);
  if (l < 0) {
    printf("tcp_echo: listen on %d: %s\n", port, net_util::errno_name(-l));
    return 1;
  }
  printf("tcp_echo: listening on %d\n", port);
  int c = accept4(l, nullptr, nullptr, SOCK_CLOEXEC);
  if (c < 0) {
    printf("tcp_echo: accept: %s\n", net_util::errno_name(errno));
    return 1;
  }
  close(l);
  static char buf[4096];
  unsigned long total = 0;
  for (;;) {
    ssize_t n = recv(c, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0) printf("tcp_echo: recv: %s\n", net_util::errno_name(errno));
      break;
    }
    long s = net_util::send_all(c, buf, static_cast<size_t>(n));
    if (s < 0) {
      printf("tcp_echo: send: %s\n", net_util::errno_name(static_cast<int>(-s)));
      break;
    }
    total += static_cast<unsigned long>(n);
  }
  close(c);
  printf("tcp_echo: echoed %lu bytes\n", total);
  return 0;
}
