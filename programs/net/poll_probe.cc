// poll_probe: poll() and non-blocking calls on port 8080, step by step with
// the host (kernel/net/tests:poll_sockets drives it): nothing ready, bad
// arguments, a connection, a timeout, data, a close; then it blocks in poll
// until it is killed.
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "programs/net/net_util.h"

namespace {

// A call's result the kernel's way: >= 0, or -errno.
long result(long r) { return r < 0 ? -errno : r; }

long uptime_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

// "1 (in hup)": poll's result and the first fd's revents ("0 ()": none).
void report(const char* what, long r, const pollfd& fd) {
  if (r < 0) {
    printf("poll_probe: %s: %s\n", what, net_util::errno_name(static_cast<int>(-r)));
    return;
  }
  const char* names[] = {"in", "out", "err", "hup", "nval"};
  const short bits[] = {POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL};
  printf("poll_probe: %s: %ld (", what, r);
  const char* sep = "";
  for (int i = 0; i < 5; ++i) {
    if ((fd.revents & bits[i]) == 0) continue;
    printf("%s%s", sep, names[i]);
    sep = " ";
  }
  printf(")\n");
}

}  // namespace

int main() {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  // Non-blocking: accept says EAGAIN instead of waiting.
  int l = net_util::listen_on(8080, 8, SOCK_NONBLOCK);
  if (l < 0) {
    printf("poll_probe: listen 8080: %s\n", net_util::errno_name(-l));
    return 1;
  }
  pollfd fds[2] = {{l, POLLIN, 0}, {-1, POLLIN, 0}};
  report("nothing ready, timeout 0", result(poll(fds, 1, 0)), fds[0]);
  printf("poll_probe: accept without waiting: %s\n",
         net_util::errno_name(static_cast<int>(-result(accept4(l, nullptr, nullptr, SOCK_CLOEXEC)))));

  fds[0].fd = 42;  // not open; fds[1] (fd -1) is skipped
  report("fd 42 and fd -1", result(poll(fds, 2, 0)), fds[0]);
  // More descriptors than a process may have open: EINVAL, as on Linux.
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  nfds_t too_many = static_cast<nfds_t>(limit.rlim_cur) + 1;
  pollfd* many = static_cast<pollfd*>(calloc(too_many, sizeof(pollfd)));
  for (nfds_t i = 0; many && i < too_many; ++i) many[i] = {-1, POLLIN, 0};
  report("more fds than RLIMIT_NOFILE", result(many ? poll(many, too_many, 0) : -1), many ? many[0] : fds[0]);
  free(many);
  report("bad pointer", result(poll(reinterpret_cast<pollfd*>(16), 1, 0)), fds[0]);
  report("bad flags", result(accept4(l, nullptr, nullptr, 2)), fds[0]);

  fds[0] = {l, POLLIN, 0};
  printf("poll_probe: waiting for a connection\n");
  report("listener readable", result(poll(fds, 1, 30000)), fds[0]);
  int c = accept4(l, nullptr, nullptr, SOCK_CLOEXEC);
  if (c < 0) {
    printf("poll_probe: accept: %s\n", net_util::errno_name(errno));
    return 1;
  }
  fds[0] = {c, POLLIN, 0};
  long start = uptime_ms();
  report("nothing in 200 ms", result(poll(fds, 1, 200)), fds[0]);
  printf("poll_probe: waited >= 200 ms: %s\n", uptime_ms() - start >= 200 ? "yes" : "no");
  char buf[64];
  printf("poll_probe: recv without waiting: %s\n",
         net_util::errno_name(static_cast<int>(-result(recv(c, buf, sizeof buf, MSG_DONTWAIT)))));

  printf("poll_probe: waiting for data\n");
  report("connection readable", result(poll(fds, 1, 30000)), fds[0]);
  long n = result(recv(c, buf, sizeof buf - 1, MSG_DONTWAIT));
  buf[n > 0 ? n : 0] = '\0';
  printf("poll_probe: got %ld bytes: %s", n, buf);
  fds[0].events = POLLOUT;
  report("writable at once", result(poll(fds, 1, 0)), fds[0]);

  fds[0].events = POLLIN;
  printf("poll_probe: waiting for the close\n");
  report("closed by the peer", result(poll(fds, 1, 30000)), fds[0]);
  printf("poll_probe: recv: %ld\n", result(recv(c, buf, sizeof buf, MSG_DONTWAIT)));
  close(c);

  fds[0] = {l, POLLIN, 0};
  printf("poll_probe: blocking in poll\n");
  report("forever", result(poll(fds, 1, -1)), fds[0]);
  return 0;
}
