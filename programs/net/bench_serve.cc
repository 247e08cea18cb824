// bench_serve: the guest side of tools/bench_net.py on Linux, as /test under
// the conformance init (conformance/init.c configures eth0): starts Debian's
// busybox httpd on port 8080 (document root /www), tcp_sink on 8081 and
// tcp_source on 8082, says "bench: ready" and waits for ever. On Akuma the
// same servers are started by //kernel/net/tests:bench_net_kernel (with
// httpd instead of busybox's), which can also print the kernel's profile.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

void start(const char* const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], const_cast<char* const*>(argv));
    printf("bench_serve: cannot run %s\n", argv[0]);
    _exit(127);
  }
}

}  // namespace

int main() {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  const char* const httpd[] = {"/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www", nullptr};
  const char* const sink[] = {"/bin/tcp_sink", "8081", nullptr};
  const char* const source[] = {"/bin/tcp_source", "8082", nullptr};
  start(sink);
  start(source);
  start(httpd);
  sleep(1);  // the servers print their own lines; httpd -f prints nothing
  printf("bench: ready\n");
  for (;;) {
    if (wait(nullptr) < 0) pause();
  }
}
