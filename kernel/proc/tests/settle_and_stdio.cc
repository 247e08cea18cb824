// wait_settled (what a shell waits for after `cmd &`), a program's stdin
// reaching end of input, and a program reading its own child's output.
#include "kernel/proc/tests/test_util.h"

namespace akuma {
namespace {

const char* describe(const Result<proc::ProcessState>& s) {
  return s.ok() ? proc::test::state_name(s.value()) : error_name(s.error());
}

}  // namespace

int program_main() {
  using namespace proc;
  using namespace proc::test;

  const char* ticks[] = {"ticker", "3", "100", nullptr};
  Pid t = must_spawn("ticker", ticks);
  kprintf("ticker settled: %s\n", describe(wait_settled(t, 1000)));
  kprintf("ticker [exit code: %d]\n", code(must_wait(t).status));

  Pid spin = must_spawn("spinner");
  kprintf("spinner never blocks; after the timeout it is %s\n", describe(wait_settled(spin, 50)));
  (void)kill(spin);
  kprintf("spinner [exit code: %d]\n", code(must_wait(spin).status));

  Job echo;
  must_start(echo, "stdin_echo", nullptr, Stdio::kJob);
  Pid e = echo.pid;
  (void)echo.write("abc\n", 4);
  release(echo.io.input);  // the end of its input
  echo.io.input = nullptr;
  char buf[128];
  size_t total = 0;
  for (;;) {
    auto n = echo.read(buf + total, sizeof(buf) - 1 - total);
    if (!n.ok() || n.value() == 0) break;
    total += n.value();
  }
  buf[total] = '\0';
  kprintf("stdin_echo wrote: %s", buf);
  kprintf("stdin_echo at end of input [exit code: %d]\n", code(must_wait(e).status));

  kprintf("relay [exit code: %d]\n", code(must_wait(must_spawn("relay")).status));
  kprintf("wait_settled of an unknown pid: %s\n", describe(wait_settled(12345, 10)));
  return 0;
}

}  // namespace akuma
