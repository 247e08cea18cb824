// Writing to a TCP socket that can no longer send: after shutdown(SHUT_WR) of our own
// side, send fails with EPIPE and raises SIGPIPE (with MSG_NOSIGNAL: EPIPE, no signal);
// once the peer has closed and answered our data with a reset, send fails and write
// raises SIGPIPE too, the error EPIPE. With SIGPIPE's default action the writer dies
// (killed by signal 13).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int runs;
static void handler(int sig) {
  (void)sig;
  runs++;
}

// A connected pair on loopback: *client and *server.
static void pair(int *client, int *server) {
  uint16_t port;
  int listener = tcp_listener(&port);
  *client = tcp_connect(port);
  *server = accept(listener, NULL, NULL);
  if (*server < 0) die("accept");
  close(listener);
}

// Sends one byte at a time until send fails (the peer's reset has arrived); the failure.
static long send_until_error(int s, int flags, int *err) {
  for (int i = 0; i < 500; i++) {
    long r = send(s, "x", 1, flags);
    if (r < 0) {
      *err = errno;
      return r;
    }
    sleep_ms(2);
  }
  *err = 0;
  return 0;
}

int main(void) {
  start();
  on_signal(SIGPIPE, handler, 0);
  int client, server;
  pair(&client, &server);
  shutdown(client, SHUT_WR);
  long r = send(client, "x", 1, MSG_NOSIGNAL);
  printf("after shutdown(SHUT_WR): send(MSG_NOSIGNAL): %s, SIGPIPE: %d\n", result(r, errno), runs);
  r = send(client, "x", 1, 0);
  printf("after shutdown(SHUT_WR): send: %s, SIGPIPE: %d\n", result(r, errno), runs);
  runs = 0;
  r = write(client, "x", 1);
  printf("after shutdown(SHUT_WR): write: %s, SIGPIPE: %d\n", result(r, errno), runs);
  close(client);
  close(server);

  runs = 0;
  pair(&client, &server);
  close(server);
  int err;
  r = send_until_error(client, MSG_NOSIGNAL, &err);
  printf("peer closed: send(MSG_NOSIGNAL) until it fails: %s, SIGPIPE: %d\n", result(r, err), runs);
  r = send(client, "x", 1, MSG_NOSIGNAL);
  printf("  send(MSG_NOSIGNAL) again: %s, SIGPIPE: %d\n", result(r, errno), runs);
  r = send(client, "x", 1, 0);
  printf("  send: %s, SIGPIPE: %d\n", result(r, errno), runs);
  close(client);

  pair(&client, &server);
  pid_t child = fork_or_die();
  if (child == 0) {
    on_signal(SIGPIPE, SIG_DFL, 0);
    shutdown(client, SHUT_WR);
    send(client, "x", 1, 0);
    _exit(0);
  }
  printf("writer with SIGPIPE's default action: %s\n", status_text(wait_for(child)));
  return 0;
}
