// Runs a ticker with its output on a channel, relays each chunk it reads,
// then reaps it: the channel and wait4 from a program's side.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

using namespace akuma::abi;

extern "C" int main() {
  const char* argv[] = {"ticker", "3", "20", nullptr};
  long child = user::spawn("ticker", argv, Stdio::kChannel);
  char buf[64];
  for (;;) {
    long n = user::chan_read(child, buf, sizeof(buf) - 1);
    if (n <= 0) break;
    buf[n] = '\0';
    user::printf("relay: got %s", buf);
  }
  int status = 0;
  Rusage usage{};
  long pid = user::wait4(child, &status, 0, &usage);
  user::printf("relay: wait4 -> %s, exit code %d\n", pid == child ? "the ticker" : "?", shell_exit_code(status));
  return 0;
}
