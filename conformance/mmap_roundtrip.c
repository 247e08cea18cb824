// Anonymous private mmap/munmap: a fresh mapping is page aligned and zeroed, 1 MiB written
// reads back, a fork's child sees a copy (its writes stay its own); munmap of the whole or
// of one page in the middle makes exactly that range fault (SIGSEGV) and a new MAP_FIXED
// mapping there is zeroed again. Bad arguments: EINVAL / EBADF.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/fault.h"

enum { kSize = 1 << 20, kPage = 4096 };

static volatile uint8_t *map;

static void touch_unmapped(void) { (void)map[0]; }
static void touch_hole(void) { (void)map[5 * kPage]; }

static int all_zero(volatile uint8_t *p, size_t len) {
  for (size_t i = 0; i < len; i += 64)
    if (p[i]) return 0;
  return 1;
}

int main(void) {
  start();
  map = mmap(NULL, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap 1 MiB: succeeds: %s, page aligned: %s\n", yes_no(map != MAP_FAILED),
         yes_no(((uintptr_t)map & (kPage - 1)) == 0));
  if (map == MAP_FAILED) return 1;
  printf("zero filled: %s\n", yes_no(all_zero(map, kSize)));
  for (size_t i = 0; i < kSize; i++) map[i] = (uint8_t)(i ^ (i >> 8));
  int same = 1;
  for (size_t i = 0; i < kSize; i++) same &= map[i] == (uint8_t)(i ^ (i >> 8));
  printf("1 MiB written and read back: %s\n", yes_no(same));

  pid_t pid = fork_or_die();
  if (pid == 0) {
    int copy = map[12345] == (uint8_t)(12345 ^ (12345 >> 8));
    map[12345] = 0xee;
    _exit(copy ? 0 : 1);
  }
  printf("child saw the parent's data: %s\n", status_text(wait_for(pid)));
  printf("child's write stayed in the child: %s\n", yes_no(map[12345] == (uint8_t)(12345 ^ (12345 >> 8))));

  printf("munmap one page in the middle: %s\n", result(munmap((void *)(map + 5 * kPage), kPage), errno));
  fault_in_child("touching the hole", touch_hole);
  printf("the pages around the hole keep their data: %s\n",
         yes_no(map[5 * kPage - 1] == (uint8_t)((5 * kPage - 1) ^ ((5 * kPage - 1) >> 8)) &&
                map[6 * kPage] == (uint8_t)((6 * kPage) ^ ((6 * kPage) >> 8))));
  void *fixed = mmap((void *)(map + 5 * kPage), kPage, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  printf("MAP_FIXED into the hole: at the hole: %s, zeroed: %s\n", yes_no(fixed == (void *)(map + 5 * kPage)),
         yes_no(all_zero(map + 5 * kPage, kPage)));

  printf("munmap the whole: %s\n", result(munmap((void *)map, kSize), errno));
  fault_in_child("touching the unmapped range", touch_unmapped);
  printf("munmap of an unmapped range: %s\n", result(munmap((void *)map, kSize), errno));
  printf("mmap of length 0 is EINVAL: %s\n",
         yes_no(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL));
  printf("munmap at an unaligned address: %s\n", result(munmap((void *)(map + 1), kPage), errno));
  printf("mmap of fd -1 without MAP_ANONYMOUS is EBADF: %s\n",
         yes_no(mmap(NULL, kPage, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED && errno == EBADF));
  return 0;
}
