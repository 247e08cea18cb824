// File I/O beyond read and write: writev and readv across several buffers on a pipe,
// pread at offsets of a file without moving its offset, lseek from the start, the current
// position and the end (and ESPIPE on a pipe), dup sharing one offset between two fds, fstat
// of a regular file and of a pipe, and writes to a file opened read-only (EBADF).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "conformance/testlib.h"

int main(void) {
  start();
  int p[2];
  if (pipe(p) != 0) die("pipe");
  struct iovec out[3] = {{"one ", 4}, {"", 0}, {"two three", 9}};
  printf("writev 3 buffers: %s\n", result(writev(p[1], out, 3), errno));
  char a[5] = {0}, b[3] = {0}, c[16] = {0};
  struct iovec in[3] = {{a, 4}, {b, 2}, {c, sizeof c - 1}};
  printf("readv 3 buffers: %s -> '%s' '%s' '%s'\n", result(readv(p[0], in, 3), errno), a, b, c);
  printf("lseek on a pipe: %s\n", result(lseek(p[0], 0, SEEK_CUR), errno));
  struct stat st;
  printf("fstat of a pipe: %s, fifo: %s\n", result(fstat(p[0], &st), errno), yes_no(S_ISFIFO(st.st_mode)));
  close(p[0]);
  close(p[1]);

  int fd = open("/test", O_RDONLY);
  if (fd < 0) die("open /test");
  printf("fstat of /test: %s, regular: %s, size > 4096: %s\n", result(fstat(fd, &st), errno),
         yes_no(S_ISREG(st.st_mode)), yes_no(st.st_size > 4096));
  char magic[4];
  printf("pread 3 bytes at 1: %s -> %.3s\n", result(pread(fd, magic, 3, 1), errno), magic);
  printf("offset still 0: %s\n", result(lseek(fd, 0, SEEK_CUR), errno));
  printf("pread past the end: %s\n", result(pread(fd, magic, 4, st.st_size), errno));
  printf("lseek to 16 from the start: %s\n", result(lseek(fd, 16, SEEK_SET), errno));
  printf("lseek 2 on from there: %s\n", result(lseek(fd, 2, SEEK_CUR), errno));
  printf("lseek to the end is the size: %s\n", yes_no(lseek(fd, 0, SEEK_END) == st.st_size));
  printf("lseek before the start: %s\n", result(lseek(fd, -1, SEEK_SET), errno));
  int copy = dup(fd);
  printf("dup is the lowest free fd, above fd: %s\n", yes_no(copy > fd));
  lseek(fd, 1, SEEK_SET);
  char e[3] = {0};
  printf("read through the dup after lseek on the original: %s -> %.3s\n", result(read(copy, e, 3), errno), e);
  printf("the original moved too: %s\n", result(lseek(fd, 0, SEEK_CUR), errno));
  printf("write to a read-only fd: %s\n", result(write(fd, "x", 1), errno));
  printf("pwrite to a read-only fd: %s\n", result(pwrite(fd, "x", 1, 0), errno));
  printf("dup of a closed fd: %s\n", result(dup(1000), errno));
  close(copy);
  close(fd);
  return 0;
}
