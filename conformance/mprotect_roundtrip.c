// mprotect round trips on an anonymous page: read-only keeps the data readable and makes a
// write fault (SIGSEGV); read-write again makes it writable; PROT_NONE makes a read fault.
// The program's own code is not writable. Bad ranges: EINVAL (unaligned), ENOMEM
// (unmapped).
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/fault.h"

enum { kPage = 4096 };

static volatile int *page;

static void write_page(void) { page[0] = 2; }
static void read_page(void) { (void)page[0]; }
static void write_code(void) { *(volatile int *)(void *)write_code = 0; }

int main(void) {
  start();
  page = mmap(NULL, 2 * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) die("mmap");
  page[0] = 42;
  printf("mprotect(PROT_READ): %s\n", result(mprotect((void *)page, kPage, PROT_READ), errno));
  printf("still readable: %s\n", yes_no(page[0] == 42));
  fault_in_child("write to the read-only page", write_page);
  printf("mprotect(PROT_READ|PROT_WRITE): %s\n", result(mprotect((void *)page, kPage, PROT_READ | PROT_WRITE), errno));
  page[0] = 43;
  printf("writable again: %s\n", yes_no(page[0] == 43));
  printf("mprotect(PROT_NONE): %s\n", result(mprotect((void *)page, kPage, PROT_NONE), errno));
  fault_in_child("read of the PROT_NONE page", read_page);
  printf("mprotect(PROT_READ) again: %s, data kept: %s\n", result(mprotect((void *)page, kPage, PROT_READ), errno),
         yes_no(page[0] == 43));
  printf("the second page kept PROT_READ|PROT_WRITE: %s\n", yes_no((page[kPage / sizeof(int)] = 7) == 7));
  fault_in_child("write to the program's code", write_code);
  printf("mprotect at an unaligned address: %s\n",
         result(mprotect((void *)((char *)page + 1), kPage, PROT_READ), errno));
  munmap((void *)page, 2 * kPage);
  printf("mprotect of an unmapped range: %s\n", result(mprotect((void *)page, kPage, PROT_READ), errno));
  return 0;
}
