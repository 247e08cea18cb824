// A net test (virtio-net on QEMU's user network): the init has configured eth0 as
// 10.0.2.15/24 with a default route via 10.0.2.2; a UDP socket connected to the gateway
// gets 10.0.2.15 as its source, and so does one connected to an address beyond the gateway
// (the default route); a TCP connection to a port nobody listens on at the host
// (through QEMU's gateway) is refused.
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conformance/testlib.h"

static struct sockaddr_in gateway(uint16_t port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_aton("10.0.2.2", &a.sin_addr);
  return a;
}

int main(void) {
  start();
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct ifreq ifr = {0};
  strcpy(ifr.ifr_name, "eth0");
  if (ioctl(s, SIOCGIFADDR, &ifr) == 0)
    printf("eth0 address: %s\n", inet_ntoa(((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr));
  else
    printf("eth0 address: %s\n", result(-1, errno));
  if (ioctl(s, SIOCGIFNETMASK, &ifr) == 0)
    printf("eth0 netmask: %s\n", inet_ntoa(((struct sockaddr_in *)&ifr.ifr_netmask)->sin_addr));
  if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) printf("eth0 up: %s\n", yes_no(ifr.ifr_flags & IFF_UP));
  struct sockaddr_in gw = gateway(9), local;
  printf("UDP connect to 10.0.2.2:9: %s\n", result(connect(s, (struct sockaddr *)&gw, sizeof gw), errno));
  socklen_t len = sizeof local;
  getsockname(s, (struct sockaddr *)&local, &len);
  printf("its source address: %s\n", inet_ntoa(local.sin_addr));
  close(s);
  // An address off eth0's subnet is reachable only through the default route.
  s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in far = gateway(9);
  inet_aton("192.0.2.1", &far.sin_addr);
  printf("UDP connect to 192.0.2.1:9 (via the default route): %s\n",
         result(connect(s, (struct sockaddr *)&far, sizeof far), errno));
  len = sizeof local;
  getsockname(s, (struct sockaddr *)&local, &len);
  printf("its source address: %s\n", inet_ntoa(local.sin_addr));
  close(s);
  int t = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in closed = gateway(1);
  printf("TCP connect to 10.0.2.2:1 (nothing listens on the host): %s\n",
         result(connect(t, (struct sockaddr *)&closed, sizeof closed), errno));
  return 0;
}
