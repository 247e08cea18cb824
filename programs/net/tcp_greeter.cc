// tcp_greeter PORT TEXT [COUNT]: for each connection on PORT, sends TEXT and
// a newline, waits until the client closes, closes. After COUNT connections
// (default: forever) it reports and exits.
#include "programs/net/net_util.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main(int argc, char** argv) {
  int port = argc > 1 ? user::atoi(argv[1]) : 8080;
  const char* text = argc > 2 ? argv[2] : "hello";
  int count = argc > 3 ? user::atoi(argv[3]) : 0;
  int l = static_cast<int>(user::listen_on(static_cast<uint16_t>(port), 8));
  if (l < 0) {
    user::printf("tcp_greeter: bind %d: %s\n", port, user::errno_name(l));
    return 1;
  }
  user::printf("tcp_greeter: listening on %d\n", port);
  char line[128];
  size_t len = 0;
  while (text[len] != '\0' && len < sizeof line - 1) {
    line[len] = text[len];
    ++len;
  }
  line[len++] = '\n';
  int served = 0;
  while (count == 0 || served < count) {
    int c = static_cast<int>(user::accept(l));
    if (c < 0) {
      user::printf("tcp_greeter: accept: %s\n", user::errno_name(c));
      return 1;
    }
    user::send(c, line, len);
    char sink[64];
    while (user::recv(c, sink, sizeof sink) > 0) {
    }
    user::close(c);
    ++served;
  }
  user::close(l);
  user::printf("tcp_greeter: served %d connections\n", served);
  return 0;
}
