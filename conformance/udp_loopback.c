// UDP over 127.0.0.1: datagram boundaries are kept, recvfrom reports the sender's address,
// a datagram larger than the buffer is truncated (the rest is dropped), and connect()
// filters what recv sees.
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conformance/testlib.h"

static int udp_socket(struct sockaddr_in *bound) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) die("socket");
  *bound = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(s, (struct sockaddr *)bound, sizeof *bound) != 0) die("bind");
  socklen_t len = sizeof *bound;
  getsockname(s, (struct sockaddr *)bound, &len);
  return s;
}

int main(void) {
  start();
  struct sockaddr_in a_addr, b_addr, c_addr, from;
  int a = udp_socket(&a_addr), b = udp_socket(&b_addr), c = udp_socket(&c_addr);
  sendto(a, "one", 3, 0, (struct sockaddr *)&b_addr, sizeof b_addr);
  sendto(a, "two!", 4, 0, (struct sockaddr *)&b_addr, sizeof b_addr);
  char buf[16];
  socklen_t len = sizeof from;
  ssize_t n = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
  printf("first datagram: %zd bytes \"%.*s\", from a's address: %s\n", n, (int)n, buf,
         yes_no(len == sizeof from && memcmp(&from, &a_addr, sizeof from) == 0));
  n = recvfrom(b, buf, 2, 0, NULL, NULL);
  printf("second datagram into 2 bytes: %zd \"%.*s\"\n", n, (int)n, buf);
  printf("the rest of it is gone: %s\n", result(recv(b, buf, sizeof buf, MSG_DONTWAIT), errno));
  printf("b connects to a: %s\n", result(connect(b, (struct sockaddr *)&a_addr, sizeof a_addr), errno));
  sendto(c, "from c", 6, 0, (struct sockaddr *)&b_addr, sizeof b_addr);
  sendto(a, "from a", 6, 0, (struct sockaddr *)&b_addr, sizeof b_addr);
  n = recv(b, buf, sizeof buf, 0);
  printf("connected b receives only a's: \"%.*s\"\n", (int)n, buf);
  printf("nothing else is queued: %s\n", result(recv(b, buf, sizeof buf, MSG_DONTWAIT), errno));
  printf("send on connected b: %s\n", result(send(b, "reply", 5, 0), errno));
  n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
  printf("a got \"%.*s\" from b: %s\n", (int)n, buf, yes_no(memcmp(&from, &b_addr, sizeof from) == 0));
  return 0;
}
