// tcp_greeter PORT TEXT [COUNT]: for each connection on PORT, sends TEXT and
// a newline, waits until the client closes, closes. After COUNT connections
// (default: forever) it reports and exits.
#include <stdio.h>
#include <stdlib.h>

#include "programs/net/net_util.h"

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  const char* text = argc > 2 ? argv[2] : "hello";
  int count = argc > 3 ? atoi(argv[3]) : 0;
  int l = net_util::listen_on(static_cast<uint16_t>(port), 8);
  if (l < 0) {
    printf("tcp_greeter: bind %d: %s\n", port, net_util::errno_name(-l));
    return 1;
  }
  printf("tcp_greeter: listening on %d\n", port);
  char line[128];
  size_t len = 0;
  while (text[len] != '\0' && len < sizeof line - 1) {
    line[len] = text[len];
    ++len;
  }
  line[len++] = '\n';
  int served = 0;
  while (count == 0 || served < count) {
    int c = accept4(l, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) {
      printf("tcp_greeter: accept: %s\n", net_util::errno_name(errno));
      return 1;
    }
    net_util::send_all(c, line, len);
    char sink[64];
    for (ssize_t n; (n = recv(c, sink, sizeof sink, 0)) > 0 || (n < 0 && errno == EINTR);) {
    }
    close(c);
    ++served;
  }
  close(l);
  printf("tcp_greeter: served %d connections\n", served);
  return 0;
}
