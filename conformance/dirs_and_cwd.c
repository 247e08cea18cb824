// Directories and the working directory: getcwd at the start and after chdir (absolute,
// relative, through ".."), fchdir to a directory fd, chdir to what is not a directory or is
// missing, getcwd into a buffer too small, faccessat relative to the cwd and to a directory
// fd, and getdents64 over the root directory finding "." and the files it must hold.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/testlib.h"

static void cwd(const char *when) {
  char buf[64];
  printf("%s: getcwd -> %s\n", when, getcwd(buf, sizeof buf) ? buf : errno_name(errno));
}

struct linux_dirent64 {
  unsigned long long d_ino;
  long long d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

int main(void) {
  start();
  cwd("at the start");
  printf("chdir /bin: %s\n", result(chdir("/bin"), errno));
  cwd("after chdir /bin");
  printf("chdir ..: %s\n", result(chdir(".."), errno));
  cwd("after chdir ..");
  printf("chdir bin (relative): %s\n", result(chdir("bin"), errno));
  cwd("after chdir bin");
  char tiny[4];
  printf("getcwd of /bin into 4 bytes: %s\n", getcwd(tiny, sizeof tiny) ? "ok" : errno_name(errno));
  printf("chdir /test (a file): %s\n", result(chdir("/test"), errno));
  printf("chdir /missing: %s\n", result(chdir("/missing"), errno));
  int root = open("/", O_RDONLY | O_DIRECTORY);
  printf("open / as a directory: %s\n", yes_no(root >= 0));
  printf("fchdir to it: %s\n", result(fchdir(root), errno));
  cwd("after fchdir");
  printf("faccessat test R_OK (relative): %s\n", result(faccessat(AT_FDCWD, "test", R_OK, 0), errno));
  printf("faccessat missing F_OK: %s\n", result(faccessat(AT_FDCWD, "missing", F_OK, 0), errno));
  printf("faccessat init X_OK from the root fd: %s\n", result(faccessat(root, "init", X_OK, 0), errno));

  char buf[4096];
  int dot = 0, init = 0, test = 0, bin = 0;
  long n;
  while ((n = syscall(SYS_getdents64, root, buf, sizeof buf)) > 0) {
    for (long off = 0; off < n;) {
      struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
      dot |= strcmp(d->d_name, ".") == 0;
      init |= strcmp(d->d_name, "init") == 0 && d->d_type == DT_REG;
      test |= strcmp(d->d_name, "test") == 0 && d->d_type == DT_REG;
      bin |= strcmp(d->d_name, "bin") == 0 && d->d_type == DT_DIR;
      off += d->d_reclen;
    }
  }
  printf("getdents64 of / ends with: %s\n", result(n, errno));
  printf("it lists . %s, init (a file) %s, test (a file) %s, bin (a directory) %s\n", yes_no(dot), yes_no(init),
         yes_no(test), yes_no(bin));
  int file = open("/test", O_RDONLY);
  printf("getdents64 of a file: %s\n", result(syscall(SYS_getdents64, file, buf, sizeof buf), errno));
  close(file);
  close(root);
  return 0;
}
