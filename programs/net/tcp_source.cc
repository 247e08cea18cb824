// tcp_source PORT: forever, for each connection, reads a decimal byte count
// and a newline, sends that many bytes and closes (tools/bench_net.py
// measures guest->host throughput with it; the same binary runs on Linux).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "programs/net/net_util.h"

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  int port = argc > 1 ? atoi(argv[1]) : 8082;
  int l = net_util::listen_on(static_cast<uint16_t>(port), 16);
  if (l < 0) {
    printf("tcp_source: bind %d: %s\n", port, net_util::errno_name(-l));
    return 1;
  }
  printf("tcp_source: listening on %d\n", port);
  static char buf[65536];
  memset(buf, 'x', sizeof buf);
  for (;;) {
    int c = accept4(l, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0 && errno == EINTR) continue;
    if (c < 0) return 1;
    char line[32];
    size_t got = 0;
    while (got + 1 < sizeof line && memchr(line, '\n', got) == nullptr) {
      ssize_t n = recv(c, line + got, sizeof line - 1 - got, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    line[got] = '\0';
    unsigned long left = strtoul(line, nullptr, 10);
    while (left > 0) {
      size_t n = left < sizeof buf ? left : sizeof buf;
      if (net_util::send_all(c, buf, n) < 0) break;
      left -= n;
    }
    close(c);
  }
}
