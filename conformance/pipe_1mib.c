// 1 MiB through a pipe, written and read in unequal chunk sizes, arrives whole and in
// order; then EOF.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conformance/testlib.h"

enum { kTotal = 1 << 20 };

int main(void) {
  start();
  static uint8_t sent[kTotal], got[kTotal];
  uint64_t seed = 0x9e3779b97f4a7c15ULL;
  fill_pattern(sent, kTotal, &seed);
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(fds[0]);
    size_t off = 0, chunk = 1;
    while (off < kTotal) {
      size_t n = chunk < kTotal - off ? chunk : kTotal - off;
      ssize_t w = write(fds[1], sent + off, n);
      if (w <= 0) _exit(2);
      off += w;
      chunk = chunk * 3 % 20011 + 1;  // 1 .. 20011 bytes
    }
    _exit(0);
  }
  close(fds[1]);
  size_t total = 0;
  ssize_t n;
  while (total < kTotal && (n = read(fds[0], got + total, 7000 < kTotal - total ? 7000 : kTotal - total)) > 0)
    total += n;
  printf("bytes received: %zu\n", total);
  printf("all as sent, in order: %s\n", yes_no(total == kTotal && memcmp(sent, got, kTotal) == 0));
  uint8_t extra;
  printf("then EOF: %s\n", result(read(fds[0], &extra, 1), errno));
  printf("writer: %s\n", status_text(wait_for(pid)));
  return 0;
}
