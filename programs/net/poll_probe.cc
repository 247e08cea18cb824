// poll_probe: poll() and kMsgDontWait on port 8080, step by step with the
// host (kernel/net/tests:poll_sockets drives it): nothing ready, bad
// arguments, a connection, a timeout, data, a close; then it blocks in poll
// until it is killed.
#include "programs/net/net_util.h"
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

namespace {

using namespace akuma::abi;

// "1 (in hup)": poll's result and the first fd's revents ("0 ()": none).
void report(const char* what, long r, const user::PollFd& fd) {
  if (r < 0) {
    user::printf("poll_probe: %s: %s\n", what, user::errno_name(r));
    return;
  }
  const char* names[] = {"in", "out", "err", "hup", "nval"};
  const uint16_t bits[] = {kPollIn, kPollOut, kPollErr, kPollHup, kPollNval};
  user::printf("poll_probe: %s: %ld (", what, r);
  const char* sep = "";
  for (int i = 0; i < 5; ++i) {
    if ((fd.revents & bits[i]) == 0) continue;
    user::printf("%s%s", sep, names[i]);
    sep = " ";
  }
  user::printf(")\n");
}

}  // namespace

extern "C" int main(int, char**) {
  int l = static_cast<int>(user::listen_on(8080, 8));
  if (l < 0) {
    user::printf("poll_probe: listen 8080: %s\n", user::errno_name(l));
    return 1;
  }
  user::PollFd fds[2] = {{l, kPollIn, 0}, {-1, kPollIn, 0}};
  report("nothing ready, timeout 0", user::poll(fds, 1, 0), fds[0]);
  user::printf("poll_probe: accept without waiting: %s\n", user::errno_name(user::accept(l, nullptr, kMsgDontWait)));

  fds[0].fd = 42;  // not open; fds[1] (fd -1) is skipped
  report("fd 42 and fd -1", user::poll(fds, 2, 0), fds[0]);
  user::PollFd many[kPollMaxFds + 1] = {};
  report("33 fds", user::poll(many, kPollMaxFds + 1, 0), many[0]);
  report("bad pointer", user::poll(reinterpret_cast<user::PollFd*>(16), 1, 0), fds[0]);
  report("bad flags", user::accept(l, nullptr, 2), fds[0]);

  fds[0] = {l, kPollIn, 0};
  user::printf("poll_probe: waiting for a connection\n");
  report("listener readable", user::poll(fds, 1, 30000), fds[0]);
  int c = static_cast<int>(user::accept(l, nullptr, kMsgDontWait));
  if (c < 0) {
    user::printf("poll_probe: accept: %s\n", user::errno_name(c));
    return 1;
  }
  fds[0] = {c, kPollIn, 0};
  long start = user::uptime_ms();
  report("nothing in 200 ms", user::poll(fds, 1, 200), fds[0]);
  user::printf("poll_probe: waited >= 200 ms: %s\n", user::uptime_ms() - start >= 200 ? "yes" : "no");
  char buf[64];
  user::printf("poll_probe: recv without waiting: %s\n", user::errno_name(user::recv(c, buf, sizeof buf, kMsgDontWait)));

  user::printf("poll_probe: waiting for data\n");
  report("connection readable", user::poll(fds, 1, 30000), fds[0]);
  long n = user::recv(c, buf, sizeof buf - 1, kMsgDontWait);
  buf[n > 0 ? n : 0] = '\0';
  user::printf("poll_probe: got %ld bytes: %s", n, buf);
  fds[0].events = kPollOut;
  report("writable at once", user::poll(fds, 1, 0), fds[0]);

  fds[0].events = kPollIn;
  user::printf("poll_probe: waiting for the close\n");
  report("closed by the peer", user::poll(fds, 1, 30000), fds[0]);
  user::printf("poll_probe: recv: %ld\n", user::recv(c, buf, sizeof buf, kMsgDontWait));
  user::close(c);

  fds[0] = {l, kPollIn, 0};
  user::printf("poll_probe: blocking in poll\n");
  report("forever", user::poll(fds, 1, -1), fds[0]);
  return 0;
}
