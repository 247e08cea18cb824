// poll on loopback TCP sockets (revents by name): a fresh socket, a listener before and
// after a connection arrives, both ends of a connection as data is sent and read, after a
// shutdown(SHUT_WR) by the peer (readable, EOF, not hangup) and after both directions are
// shut down; UDP before and after a datagram arrives.
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conformance/testlib.h"

static void show(const char *what, int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
  int n = poll(&p, 1, 0);
  printf("%s: poll -> %d (%s)\n", what, n, poll_events(p.revents));
}

int main(void) {
  start();
  int fresh = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  show("fresh TCP socket", fresh);
  close(fresh);
  uint16_t port;
  int listener = tcp_listener(&port);
  show("listener, nobody connecting", listener);
  int client = tcp_connect(port);
  struct pollfd p = {.fd = listener, .events = POLLIN};
  poll(&p, 1, -1);  // the handshake may still be in flight on another kernel
  show("listener, a connection pending", listener);
  int server = accept(listener, NULL, NULL);
  show("listener, after accept", listener);
  show("client, connected, nothing sent", client);
  write(server, "hello", 5);
  p = (struct pollfd){.fd = client, .events = POLLIN};
  poll(&p, 1, -1);
  show("client, 5 bytes arrived", client);
  char buf[8];
  printf("client reads %zd bytes\n", read(client, buf, sizeof buf));
  show("client, drained", client);
  shutdown(server, SHUT_WR);
  p = (struct pollfd){.fd = client, .events = POLLIN};
  poll(&p, 1, -1);
  show("client, peer did shutdown(SHUT_WR)", client);
  printf("client read: %s (EOF)\n", result(read(client, buf, sizeof buf), errno));
  show("server, after its own SHUT_WR", server);
  shutdown(client, SHUT_WR);
  p = (struct pollfd){.fd = server, .events = POLLIN};
  poll(&p, 1, -1);
  show("server, both directions shut down", server);
  show("client, both directions shut down", client);
  close(client);
  close(server);

  int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(udp, (struct sockaddr *)&a, sizeof a);
  socklen_t len = sizeof a;
  getsockname(udp, (struct sockaddr *)&a, &len);
  show("UDP socket, nothing received", udp);
  sendto(udp, "d", 1, 0, (struct sockaddr *)&a, sizeof a);
  p = (struct pollfd){.fd = udp, .events = POLLIN};
  poll(&p, 1, -1);
  show("UDP socket, a datagram to itself arrived", udp);
  return 0;
}
