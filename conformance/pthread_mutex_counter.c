// pthreads: four threads each add 1 to a shared counter 2000 times under a mutex, yielding
// the CPU inside the critical section every few steps (so the lock is contended and waiters
// sleep in futex); after pthread_join of all four the counter is exactly 8000, each join
// returns what its thread returned, and pthread_create/pthread_join return 0.
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

#include "conformance/testlib.h"

enum { kThreads = 4, kSteps = 2000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add(void *arg) {
  for (int i = 0; i < kSteps; i++) {
    pthread_mutex_lock(&lock);
    long v = counter;
    if (i % 50 == 0) sched_yield();  // another thread runs and finds the lock held
    counter = v + 1;
    pthread_mutex_unlock(&lock);
  }
  return (void *)((intptr_t)arg * 10);
}

int main(void) {
  start();
  pthread_t threads[kThreads];
  int created = 0;
  for (intptr_t i = 0; i < kThreads; i++) created += pthread_create(&threads[i], NULL, add, (void *)(i + 1)) == 0;
  printf("pthread_create returned 0 for all %d threads: %s\n", kThreads, yes_no(created == kThreads));
  int joined = 0, values = 0;
  for (intptr_t i = 0; i < kThreads; i++) {
    void *ret = NULL;
    joined += pthread_join(threads[i], &ret) == 0;
    values += ret == (void *)((i + 1) * 10);
  }
  printf("pthread_join returned 0 for all: %s\n", yes_no(joined == kThreads));
  printf("each join returned its thread's value: %s\n", yes_no(values == kThreads));
  printf("counter: %ld (expected %d)\n", counter, kThreads * kSteps);
  return 0;
}
