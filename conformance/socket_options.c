// Socket options and the errors of sockets used too early: getsockopt SO_TYPE and SO_ERROR,
// SO_REUSEADDR read back after setsockopt, an option too short, getsockopt on a pipe
// (ENOTSOCK), fstat of a socket, getpeername and shutdown on an unconnected TCP socket
// (ENOTCONN), and a UDP send without a destination (EDESTADDRREQ).
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conformance/testlib.h"

static void option(const char *what, int fd, int level, int name) {
  int value = -1;
  socklen_t len = sizeof value;
  long r = getsockopt(fd, level, name, &value, &len);
  printf("getsockopt %s: %s, value %d, length %u\n", what, result(r, errno), value, (unsigned)len);
}

int main(void) {
  start();
  int tcp = socket(AF_INET, SOCK_STREAM, 0);
  int udp = socket(AF_INET, SOCK_DGRAM, 0);
  if (tcp < 0 || udp < 0) die("socket");
  option("SO_TYPE (tcp)", tcp, SOL_SOCKET, SO_TYPE);
  option("SO_TYPE (udp)", udp, SOL_SOCKET, SO_TYPE);
  option("SO_ERROR", tcp, SOL_SOCKET, SO_ERROR);
  int one = 1;
  printf("setsockopt SO_REUSEADDR 1: %s\n", result(setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), errno));
  option("SO_REUSEADDR", tcp, SOL_SOCKET, SO_REUSEADDR);
  char small = 0;
  printf("setsockopt with a 1-byte value: %s\n",
         result(setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &small, sizeof small), errno));
  int p[2];
  if (pipe(p) != 0) die("pipe");
  option("SO_TYPE on a pipe", p[0], SOL_SOCKET, SO_TYPE);
  struct stat st;
  printf("fstat of a socket: %s, socket: %s\n", result(fstat(tcp, &st), errno), yes_no(S_ISSOCK(st.st_mode)));
  struct sockaddr_in peer;
  socklen_t len = sizeof peer;
  printf("getpeername unconnected: %s\n", result(getpeername(tcp, (struct sockaddr *)&peer, &len), errno));
  printf("shutdown unconnected: %s\n", result(shutdown(tcp, SHUT_RDWR), errno));
  printf("udp send without a destination: %s\n", result(send(udp, "x", 1, 0), errno));
  close(p[0]);
  close(p[1]);
  close(tcp);
  close(udp);
  return 0;
}
