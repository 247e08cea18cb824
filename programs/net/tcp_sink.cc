// tcp_sink PORT: forever, for each connection, reads until the client ends
// its side, then answers with the byte count and a newline and closes
// (tools/bench_net.py measures throughput and connection rate with it).
#include <stdio.h>
#include <stdlib.h>

#include "programs/net/net_util.h"

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  int l = net_util::listen_on(static_cast<uint16_t>(port), 16);
  if (l < 0) {
    printf("tcp_sink: bind %d: %s\n", port, net_util::errno_name(-l));
    return 1;
  }
  printf("tcp_sink: listening on %d\n", port);
  static char buf[4096];
  for (;;) {
    int c = accept4(l, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0 && errno == EINTR) continue;
    if (c < 0) return 1;
    unsigned long total = 0;
    for (ssize_t n; (n = recv(c, buf, sizeof buf, 0)) > 0 || (n < 0 && errno == EINTR);) {
      if (n > 0) total += static_cast<unsigned long>(n);
    }
    char line[32];
    int len = snprintf(line, sizeof line, "%lu\n", total);
    net_util::send_all(c, line, static_cast<size_t>(len));
    close(c);
  }
}
