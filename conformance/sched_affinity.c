// sched_setaffinity / sched_getaffinity / getcpu at any CPU count: a thread's mask names
// CPU 0 and only CPUs that exist (as many as sysconf says are online); pinned to CPU 0 the
// thread runs there and its mask is just CPU 0, which a new thread inherits and a sibling's
// mask does not share; an empty mask, or one naming only a CPU that does not exist, is
// EINVAL and changes nothing; an unknown thread is ESRCH; a mask smaller than 8 bytes is
// EINVAL for sched_getaffinity.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/testlib.h"

static const char *err(int r) {
  if (r == 0) return "ok";
  return errno == EINVAL ? "EINVAL" : errno == ESRCH ? "ESRCH" : errno == EFAULT ? "EFAULT" : strerror(errno);
}

static int mask_count(void) {
  cpu_set_t s;
  return sched_getaffinity(0, sizeof s, &s) == 0 ? CPU_COUNT(&s) : -1;
}

static int inherited = -1;

static void *child_thread(void *arg) {
  (void)arg;
  inherited = mask_count();
  return NULL;
}

int main(void) {
  start();
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t s;
  CPU_ZERO(&s);
  printf("sched_getaffinity: %s\n", err(sched_getaffinity(0, sizeof s, &s)));
  printf("the mask names CPU 0 and as many CPUs as are online: %s\n", yes_no(CPU_ISSET(0, &s) && CPU_COUNT(&s) == online));
  unsigned cpu = 99, node = 99;
  printf("getcpu: %s, a CPU in the mask: %s, node %u\n", err((int)syscall(SYS_getcpu, &cpu, &node, NULL)),
         yes_no(cpu < CPU_SETSIZE && CPU_ISSET(cpu, &s)), node);

  CPU_ZERO(&s);
  printf("an empty mask: %s\n", err(sched_setaffinity(0, sizeof s, &s)));
  CPU_SET(CPU_SETSIZE - 1, &s);
  printf("only a CPU that does not exist: %s; the mask still has %s CPUs\n", err(sched_setaffinity(0, sizeof s, &s)),
         mask_count() == online ? "all" : "not all");
  CPU_ZERO(&s);
  CPU_SET(0, &s);
  printf("an unknown thread: %s\n", err(sched_setaffinity(999999, sizeof s, &s)));
  printf("pinned to CPU 0: %s\n", err(sched_setaffinity(0, sizeof s, &s)));
  printf("now on CPU %d, with a mask of %d CPU\n", sched_getcpu(), mask_count());
  pthread_t t;
  if (pthread_create(&t, NULL, child_thread, NULL) != 0) die("pthread_create");
  pthread_join(t, NULL);
  printf("a new thread inherits it: %s\n", yes_no(inherited == 1));
  char small[4];
  printf("sched_getaffinity into 4 bytes: %s\n", err((int)syscall(SYS_sched_getaffinity, 0, sizeof small, small)));
  CPU_ZERO(&s);
  for (long i = 0; i < online; i++) CPU_SET(i, &s);
  printf("every CPU again: %s, a mask of all: %s\n", err(sched_setaffinity(0, sizeof s, &s)),
         yes_no(mask_count() == online));
  return 0;
}
