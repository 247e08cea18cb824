// tcp_sink PORT: forever, for each connection, reads until the client ends
// its side, then answers with the byte count and a newline and closes
// (tools/bench_net.py measures throughput and connection rate with it).
#include "programs/net/net_util.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  int port = argc > 1 ? user::atoi(argv[1]) : 8080;
  int l = static_cast<int>(user::listen_on(static_cast<uint16_t>(port), 16));
  if (l < 0) {
    user::printf("tcp_sink: bind %d: %s\n", port, user::errno_name(l));
    return 1;
  }
  user::printf("tcp_sink: listening on %d\n", port);
  static char buf[4096];
  for (;;) {
    int c = static_cast<int>(user::accept(l));
    if (c < 0) return 1;
    unsigned long total = 0;
    for (long n; (n = user::recv(c, buf, sizeof buf)) > 0;) total += static_cast<unsigned long>(n);
    char line[32];
    int len = 0;
    char digits[24];
    int d = 0;
    do {
      digits[d++] = static_cast<char>('0' + total % 10);
      total /= 10;
    } while (total != 0);
    while (d > 0) line[len++] = digits[--d];
    line[len++] = '\n';
    user::send(c, line, static_cast<size_t>(len));
    user::close(c);
  }
}
