// tcp_echo PORT: accepts one connection on PORT and sends back every byte
// until the client ends its side, then reports the count and exits.
#include "programs/net/net_util.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  int port = argc > 1 ? user::atoi(argv[1]) : 8080;
  int l = static_cast<int>(user::listen_on(static_cast<uint16_t>(port), 4));
  if (l < 0) {
    user::printf("tcp_echo: listen on %d: %s\n", port, user::errno_name(l));
    return 1;
  }
  user::printf("tcp_echo: listening on %d\n", port);
  int c = static_cast<int>(user::accept(l));
  if (c < 0) {
    user::printf("tcp_echo: accept: %s\n", user::errno_name(c));
    return 1;
  }
  user::close(l);
  static char buf[4096];
  unsigned long total = 0;
  for (;;) {
    long n = user::recv(c, buf, sizeof buf);
    if (n <= 0) {
      if (n < 0) user::printf("tcp_echo: recv: %s\n", user::errno_name(n));
      break;
    }
    long s = user::send(c, buf, static_cast<size_t>(n));
    if (s != n) {
      user::printf("tcp_echo: send: %s\n", user::errno_name(s));
      break;
    }
    total += static_cast<unsigned long>(n);
  }
  user::close(c);
  user::printf("tcp_echo: echoed %lu bytes\n", total);
  return 0;
}
