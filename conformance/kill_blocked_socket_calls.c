// SIGKILL ends a child blocked in each socket call that can block -- recv on a TCP
// connection, send into a full window, connect to a listener whose accept queue is full (its
// SYNs are dropped, so the peer never answers), recvfrom on a UDP socket -- and the port the
// child held is free at once: the parent binds it again right after reaping the child.
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "conformance/kill_blocked.h"

static struct sockaddr_in lo(uint16_t port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// A loopback port nobody holds now (the child binds it).
static uint16_t free_port(int type) {
  int s = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = lo(0);
  socklen_t len = sizeof a;
  if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(s, (struct sockaddr *)&a, &len) != 0) {
    die("free port");
  }
  close(s);
  return ntohs(a.sin_port);
}

struct Case {
  uint16_t port;
  int fd;  // the socket the child blocks on
};

// A connected pair through a listener on the case's port; fd is the client end.
static void tcp_pair(void *arg) {
  struct Case *c = arg;
  int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = lo(c->port);
  if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 4) != 0) die("listen");
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
  if (accept(l, NULL, NULL) < 0) die("accept");
  // A byte the accepted end never reads: closing it (at the kill) resets both ends, so
  // no connection lingers on the port (Linux keeps a closed one in FIN_WAIT/TIME_WAIT,
  // and only TIME_WAIT yields to SO_REUSEADDR).
  if (send(c->fd, "x", 1, 0) != 1) die("send");
}

static long recv_block(void *arg) {
  char b;
  return recv(((struct Case *)arg)->fd, &b, 1, 0);
}

static long send_block(void *arg) {
  static char chunk[65536];
  for (;;) {  // nobody reads: the windows and buffers fill, then send blocks
    long r = send(((struct Case *)arg)->fd, chunk, sizeof chunk, 0);
    if (r < 0) return r;
  }
}

// A listener with backlog 0 holding one unaccepted connection: its accept queue is full.
static void full_listener(void *arg) {
  struct Case *c = arg;
  int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = lo(c->port);
  if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 0) != 0) die("listen");
  int first = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (first < 0 || connect(first, (struct sockaddr *)&a, sizeof a) != 0) die("first connect");
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (c->fd < 0) die("socket");
}

static long connect_block(void *arg) {
  struct Case *c = arg;
  struct sockaddr_in a = lo(c->port);
  return connect(c->fd, (struct sockaddr *)&a, sizeof a);
}

static void udp_bound(void *arg) {
  struct Case *c = arg;
  c->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = lo(c->port);
  if (c->fd < 0 || bind(c->fd, (struct sockaddr *)&a, sizeof a) != 0) die("udp bind");
}

static long recvfrom_block(void *arg) {
  char b[16];
  struct sockaddr_in from;
  socklen_t len = sizeof from;
  return recvfrom(((struct Case *)arg)->fd, b, sizeof b, 0, (struct sockaddr *)&from, &len);
}

// The port again, at once: a TCP listener (SO_REUSEADDR, as a restarted server sets it:
// Linux keeps TIME_WAIT connections on the port) or a UDP socket.
static void rebind(int type, uint16_t port) {
  int s = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  int one = 1;
  struct sockaddr_in a = lo(port);
  if (type == SOCK_STREAM) setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int r = bind(s, (struct sockaddr *)&a, sizeof a);
  printf("  bind the child's port again: %s\n", result(r, errno));
  if (type == SOCK_STREAM && r == 0) printf("  listen on it: %s\n", result(listen(s, 1), errno));
  close(s);
}

int main(void) {
  start();
  struct Case c = {free_port(SOCK_STREAM), -1};
  kill_while_blocked("blocked in recv", tcp_pair, recv_block, &c, 'S');
  rebind(SOCK_STREAM, c.port);
  c = (struct Case){free_port(SOCK_STREAM), -1};
  kill_while_blocked("blocked in send (full window)", tcp_pair, send_block, &c, 'S');
  rebind(SOCK_STREAM, c.port);
  c = (struct Case){free_port(SOCK_STREAM), -1};
  kill_while_blocked("blocked in connect (never answered)", full_listener, connect_block, &c, 'S');
  rebind(SOCK_STREAM, c.port);
  c = (struct Case){free_port(SOCK_DGRAM), -1};
  kill_while_blocked("blocked in recvfrom", udp_bound, recvfrom_block, &c, 'S');
  rebind(SOCK_DGRAM, c.port);
  return 0;
}
