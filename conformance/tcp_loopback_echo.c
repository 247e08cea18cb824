// TCP over 127.0.0.1 between two processes: accept reports the peer, getsockname and
// getpeername agree across the connection, 256 KiB go through an echo whole and in order,
// shutdown(SHUT_WR) ends the stream (EOF) while the other direction keeps working.
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

enum { kTotal = 256 * 1024 };

// The client: a writer process sends, then shuts its direction down, while the client
// reads the echo (two processes, so no buffer size can deadlock them).
static int client(uint16_t port) {
  static uint8_t sent[kTotal], got[kTotal];
  uint64_t seed = 42;
  fill_pattern(sent, kTotal, &seed);
  int s = tcp_connect(port);
  pid_t writer = fork_or_die();
  if (writer == 0) {
    for (size_t off = 0; off < kTotal;) {
      ssize_t w = write(s, sent + off, kTotal - off < 3000 ? kTotal - off : 3000);
      if (w <= 0) _exit(1);
      off += w;
    }
    _exit(shutdown(s, SHUT_WR) == 0 ? 0 : 2);
  }
  size_t back = 0;
  ssize_t r;
  while (back < kTotal && (r = read(s, got + back, kTotal - back)) > 0) back += r;
  uint8_t c;
  int eof = read(s, &c, 1) == 0;
  int status = wait_for(writer);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 2;
  return back == kTotal && memcmp(sent, got, kTotal) == 0 && eof ? 0 : 3;
}

int main(void) {
  start();
  uint16_t port;
  int listener = tcp_listener(&port);
  pid_t pid = fork_or_die();
  if (pid == 0) _exit(client(port));
  struct sockaddr_in peer, local, peer_of_peer;
  socklen_t len = sizeof peer;
  int conn = accept(listener, (struct sockaddr *)&peer, &len);
  printf("accept: got a connection: %s, from 127.0.0.1: %s\n", yes_no(conn >= 0),
         yes_no(peer.sin_family == AF_INET && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK)));
  len = sizeof local;
  getsockname(conn, (struct sockaddr *)&local, &len);
  printf("the connection's local port is the listener's: %s\n", yes_no(ntohs(local.sin_port) == port));
  len = sizeof peer_of_peer;
  getpeername(conn, (struct sockaddr *)&peer_of_peer, &len);
  printf("getpeername agrees with accept: %s, peer port differs from ours: %s\n",
         yes_no(memcmp(&peer, &peer_of_peer, sizeof peer) == 0), yes_no(peer.sin_port != local.sin_port));
  static uint8_t buf[8192];
  long total = 0;
  ssize_t n;
  while ((n = read(conn, buf, sizeof buf)) > 0) {
    total += n;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(conn, buf + off, n - off);
      if (w <= 0) die("echo write");
      off += w;
    }
  }
  printf("echoed %ld bytes, then EOF: %s\n", total, result(n, errno));
  close(conn);
  printf("client: %s (0: all 256 KiB came back in order, then EOF)\n", status_text(wait_for(pid)));
  printf("getpeername of the listener: %s\n", result(getpeername(listener, (struct sockaddr *)&peer, &len), errno));
  return 0;
}
