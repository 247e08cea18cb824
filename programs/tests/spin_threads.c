// spin_threads N: N threads (the main one and N-1 more) computing forever at EL0 without a
// syscall once started: only a kill ends them. Each thread's first act is to count itself
// in, and the main thread says "spinning N" once all have (so a kill lands on N threads that
// all run user code).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static int started;  // atomic

static void* spin(void* arg) {
  (void)arg;
  __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
  for (volatile unsigned long i = 0;; i = i + 1) {
  }
  return NULL;
}

int main(int argc, char** argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1;
  if (n < 1 || n > 64) return 2;
  pthread_t t;
  for (int i = 1; i < n; i++) {
    if (pthread_create(&t, NULL, spin, NULL) != 0) return 1;
  }
  while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < n - 1) {
  }
  printf("spinning %d\n", n);
  fflush(stdout);
  spin(NULL);
  return 0;
}
