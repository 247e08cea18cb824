// The port of a process killed while it listens (blocked in accept) is free at once: a new
// socket binds it without SO_REUSEADDR, and connections to it reach the new listener.
// Before that, with nobody listening, a connection is refused.
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conformance/testlib.h"

static struct sockaddr_in loopback(uint16_t port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int main(void) {
  start();
  gate ready;
  gate_open(&ready);
  int report[2];
  if (pipe(report) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    uint16_t port;
    int listener = tcp_listener(&port);
    write(report[1], &port, sizeof port);
    gate_signal(&ready);
    accept(listener, NULL, NULL);  // blocks: nobody connects
    _exit(1);
  }
  gate_wait(&ready);
  uint16_t port;
  if (read(report[0], &port, sizeof port) != sizeof port) die("read port");
  wait_state(pid, 'S');
  printf("kill(listener blocked in accept, SIGKILL): %s\n", result(kill(pid, SIGKILL), errno));
  printf("listener: %s\n", status_text(wait_for(pid)));

  struct sockaddr_in a = loopback(port);
  int probe = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  printf("connect with nobody listening: %s\n", result(connect(probe, (struct sockaddr *)&a, sizeof a), errno));
  close(probe);
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  printf("bind the port at once, no SO_REUSEADDR: %s\n", result(bind(s, (struct sockaddr *)&a, sizeof a), errno));
  printf("listen: %s\n", result(listen(s, 4), errno));
  int client = tcp_connect(port);
  int server = accept(s, NULL, NULL);
  printf("a new connection is accepted: %s\n", yes_no(server >= 0));
  char c;
  printf("data flows: %s\n", yes_no(write(client, "x", 1) == 1 && read(server, &c, 1) == 1 && c == 'x'));
  return 0;
}
