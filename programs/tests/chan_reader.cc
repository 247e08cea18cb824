// Spawns a silent sleeper with its output on a channel and reads it: blocked
// in a channel read.
#include "programs/runtime/io.h"
#include "programs/runtime/syscalls.h"

extern "C" int main() {
  long child = user::spawn("sleeper", nullptr, user::Stdio::kChannel);
  char buf[32];
  long r = user::chan_read(child, buf, sizeof(buf));
  user::printf("chan_reader: chan_read returned %ld\n", r);
  return 0;
}
