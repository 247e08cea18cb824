// A TCP port bound on 127.0.0.1 cannot be bound again (EADDRINUSE), with or without
// SO_REUSEADDR while its owner listens, nor on the wildcard address; UDP has its own
// ports. Once the listener is closed (it had no connections), the port binds at once.
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conformance/testlib.h"

static struct sockaddr_in addr(uint32_t host, uint16_t port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(host);
  return a;
}

static long try_bind(int type, uint32_t host, uint16_t port, int reuse) {
  int s = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (s < 0) die("socket");
  if (reuse && setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse) != 0) die("setsockopt");
  struct sockaddr_in a = addr(host, port);
  long r = bind(s, (struct sockaddr *)&a, sizeof a);
  int err = errno;
  close(s);
  errno = err;
  return r;
}

int main(void) {
  start();
  int owner = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (owner < 0 || setsockopt(owner, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) die("socket");
  struct sockaddr_in a = addr(INADDR_LOOPBACK, 0);
  if (bind(owner, (struct sockaddr *)&a, sizeof a) != 0) die("bind");
  socklen_t len = sizeof a;
  getsockname(owner, (struct sockaddr *)&a, &len);
  uint16_t port = ntohs(a.sin_port);
  printf("kernel-chosen port is nonzero: %s\n", yes_no(port != 0));
  printf("bound, not listening: bind again: %s\n", result(try_bind(SOCK_STREAM, INADDR_LOOPBACK, port, 0), errno));
  printf("listen: %s\n", result(listen(owner, 4), errno));
  printf("listening: bind again: %s\n", result(try_bind(SOCK_STREAM, INADDR_LOOPBACK, port, 0), errno));
  printf("listening: bind again with SO_REUSEADDR: %s\n",
         result(try_bind(SOCK_STREAM, INADDR_LOOPBACK, port, 1), errno));
  printf("listening: bind 0.0.0.0 on the port: %s\n", result(try_bind(SOCK_STREAM, INADDR_ANY, port, 0), errno));
  printf("listening: bind a UDP socket on the port: %s\n",
         result(try_bind(SOCK_DGRAM, INADDR_LOOPBACK, port, 0), errno));
  int second = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in any_port = addr(INADDR_LOOPBACK, 0);
  long first = bind(second, (struct sockaddr *)&any_port, sizeof any_port);
  printf("one socket bound twice: first bind %s, ", result(first, errno));
  printf("second bind %s\n", result(bind(second, (struct sockaddr *)&any_port, sizeof any_port), errno));
  close(second);
  close(owner);
  printf("after close: bind again: %s\n", result(try_bind(SOCK_STREAM, INADDR_LOOPBACK, port, 0), errno));
  return 0;
}
