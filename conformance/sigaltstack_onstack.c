// sigaltstack: at first there is none (SS_DISABLE); once set, a handler installed with
// SA_ONSTACK runs on it (a local's address lies inside it, and sigaltstack there reports
// SS_ONSTACK; changing it then is EPERM), a handler without SA_ONSTACK runs on the normal
// stack; after the handler the flags are 0 again. A stack smaller than MINSIGSTKSZ is
// ENOMEM. A child that overflows its stack gets its SIGSEGV handler run on the
// alternate stack and exits from there.
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

enum { kAltSize = 64 * 1024 };
static char *alt;
static volatile int on_alt, onstack_flag, change_err;

static int inside_alt(const void *p) {
  return (uintptr_t)p >= (uintptr_t)alt && (uintptr_t)p < (uintptr_t)alt + kAltSize;
}

static void handler(int sig) {
  (void)sig;
  volatile int local = 0;
  on_alt = inside_alt((const void *)&local);
  stack_t now;
  sigaltstack(NULL, &now);
  onstack_flag = (now.ss_flags & SS_ONSTACK) != 0;
  stack_t other = {.ss_sp = alt, .ss_size = kAltSize, .ss_flags = 0};
  change_err = sigaltstack(&other, NULL) == 0 ? 0 : errno;
}

static void on_segv(int sig) {
  (void)sig;
  volatile int local = 0;
  _exit(inside_alt((const void *)&local) ? 7 : 8);
}

static volatile long depth_left = 1L << 30;  // far more than any stack holds

static int recurse(volatile char *prev) {
  volatile char frame[4096];
  frame[0] = prev ? prev[0] + 1 : 0;
  if (--depth_left == 0) return 0;
  return recurse(frame) + frame[1];
}

int main(void) {
  start();
  stack_t ss;
  printf("sigaltstack(NULL, &old): %s\n", result(sigaltstack(NULL, &ss), errno));
  printf("  SS_DISABLE at first: %s\n", yes_no(ss.ss_flags == SS_DISABLE));
  alt = malloc(kAltSize);
  stack_t small = {.ss_sp = alt, .ss_size = 1024, .ss_flags = 0};
  printf("sigaltstack(1 KiB): %s\n", result(sigaltstack(&small, NULL), errno));
  stack_t good = {.ss_sp = alt, .ss_size = kAltSize, .ss_flags = 0};
  printf("sigaltstack(64 KiB): %s\n", result(sigaltstack(&good, NULL), errno));
  sigaltstack(NULL, &ss);
  printf("  it reads back: %s, flags 0: %s\n", yes_no(ss.ss_sp == alt && ss.ss_size == kAltSize),
         yes_no(ss.ss_flags == 0));

  on_signal(SIGUSR1, handler, SA_ONSTACK);
  kill(getpid(), SIGUSR1);
  printf("SA_ONSTACK handler: local on the alternate stack: %s, SS_ONSTACK: %s, changing it: %s\n", yes_no(on_alt),
         yes_no(onstack_flag), change_err ? errno_name(change_err) : "0");
  sigaltstack(NULL, &ss);
  printf("  afterwards flags 0: %s\n", yes_no(ss.ss_flags == 0));

  on_signal(SIGUSR2, handler, 0);
  kill(getpid(), SIGUSR2);
  printf("handler without SA_ONSTACK: local on the alternate stack: %s, SS_ONSTACK: %s\n", yes_no(on_alt),
         yes_no(onstack_flag));

  pid_t child = fork_or_die();
  if (child == 0) {
    struct rlimit rl = {1 << 20, 1 << 20};  // a 1 MiB stack: overflowed quickly
    setrlimit(RLIMIT_STACK, &rl);
    on_signal(SIGSEGV, on_segv, SA_ONSTACK);
    recurse(NULL);
    _exit(9);
  }
  printf("stack overflow, SIGSEGV handler on the alternate stack (exit status 7): %s\n", status_text(wait_for(child)));
  return 0;
}
