// Exit closes every descriptor before the parent reaps: while the child is still a zombie,
// a pipe whose write end only it held is at EOF, the TCP connection it had made to the
// parent delivers EOF to the parent's end, and the port it listened on binds again. (Seed: "Closing
// open descriptors", before the process "is placed on the list of zombie processes".)
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conformance/signals.h"

int main(void) {
  start();
  int held[2], report[2];
  if (pipe(held) != 0 || pipe(report) != 0) die("pipe");
  gate go;
  gate_open(&go);
  uint16_t parent_port;
  int parent_listener = tcp_listener(&parent_port);
  pid_t child = fork_or_die();
  if (child == 0) {
    close(held[0]);
    uint16_t port;
    tcp_listener(&port);
    tcp_connect(parent_port);
    write_all(report[1], &port, sizeof port);
    gate_wait(&go);
    return 0;  // returns from main with everything open
  }
  close(held[1]);
  uint16_t port;
  if (!read_exact(report[0], &port, sizeof port)) die("read port");
  int conn = accept(parent_listener, NULL, NULL);
  if (conn < 0) die("accept");
  gate_signal(&go);
  wait_state(child, 'Z');
  char c;
  printf("child is a zombie, not reaped; pipe read: %s (EOF)\n", result(read(held[0], &c, 1), errno));
  printf("its TCP connection: read: %s (EOF)\n", result(read(conn, &c, 1), errno));
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  printf("bind its port, no SO_REUSEADDR: %s\n", result(bind(s, (struct sockaddr *)&a, sizeof a), errno));
  printf("child: %s\n", status_text(wait_for(child)));
  return 0;
}
