// SIGKILL ends a child blocked in accept on a loopback listener.
#include <sys/socket.h>

#include "conformance/kill_blocked.h"

static long accept_one(void *arg) { return accept(*(int *)arg, NULL, NULL); }

int main(void) {
  start();
  uint16_t port;
  int listener = tcp_listener(&port);
  kill_while_blocked("blocked in accept", NULL, accept_one, &listener, 'S');
  close(listener);
  return 0;
}
