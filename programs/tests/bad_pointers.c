// Syscalls given bad pointers and numbers fail with an errno; the program
// and the kernel carry on. Raw syscalls, so glibc checks nothing first.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KERNEL_ADDRESS 0xffffff8040080000ul

static void report(const char* what, long r) {
  printf("bad_pointers: %s: %ld (%s)\n", what, r, r < 0 ? strerror(errno) : "ok");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);  // each report goes out before the next call
  report("write from NULL", syscall(SYS_write, 1, NULL, 10));
  report("write from kernel memory", syscall(SYS_write, 1, (void*)KERNEL_ADDRESS, 10));
  // A buffer whose last bytes run into an unmapped page: nothing is written.
  char* pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pages + 4096, 4096);
  report("write across the end of a mapping", syscall(SYS_write, 1, pages + 4096 - 10, 64));
  static const char kRodata[] = "constant";
  report("read into read-only memory", syscall(SYS_read, 0, kRodata, 4));
  report("execve of a NULL path", syscall(SYS_execve, NULL, NULL, NULL));
  report("unknown syscall", syscall(999));
  report("wait4 into kernel memory", syscall(SYS_wait4, -1, (void*)KERNEL_ADDRESS, 0, NULL));
  report("bad fd", syscall(SYS_write, 77, "x", 1));
  return 0;
}
