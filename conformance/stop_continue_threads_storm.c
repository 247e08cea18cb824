// Stop and continue, over and over, a process whose threads are spread over every kind of
// place: two spinning in user mode, one blocked in a pipe read, one in nanosleep, the main
// thread in pause. 200 rounds of SIGSTOP (wait4 WUNTRACED must report the stop: every
// thread has parked) then SIGCONT (WCONTINUED reports it), then a few rounds where SIGCONT
// and a new SIGSTOP come back to back; then SIGKILL kills it whatever state it is in, and
// its blocked read never returned early (the pipe stays untouched).
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/signals.h"

static int quiet[2];
static volatile unsigned long spins;

static void *spin(void *arg) {
  (void)arg;
  for (;;) spins = spins + 1;
  return NULL;
}

static void *reader(void *arg) {
  (void)arg;
  char c;
  if (read(quiet[0], &c, 1) != 0) _exit(90);  // no one writes: the read must not return
  return NULL;
}

static void *sleeper(void *arg) {
  (void)arg;
  for (;;) {
    struct timespec ts = {0, 3000000};
    nanosleep(&ts, NULL);
  }
  return NULL;
}

int main(void) {
  start();
  if (pipe(quiet) != 0) die("pipe");
  gate up;
  gate_open(&up);
  pid_t child = fork_or_die();
  if (child == 0) {
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
    pthread_create(&t, NULL, spin, NULL);
    pthread_create(&t, NULL, reader, NULL);
    pthread_create(&t, NULL, sleeper, NULL);
    gate_signal(&up);
    for (;;) pause();
  }
  gate_wait(&up);
  int stops = 0, continues = 0, status;
  for (int i = 0; i < 200; i++) {
    if (kill(child, SIGSTOP) != 0) die("kill SIGSTOP");
    if (wait_options(child, &status, WUNTRACED) == child && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP) stops++;
    if (kill(child, SIGCONT) != 0) die("kill SIGCONT");
    if (wait_options(child, &status, WCONTINUED) == child && WIFCONTINUED(status)) continues++;
  }
  printf("200 rounds: stops reported %d, continues reported %d\n", stops, continues);
  // SIGCONT and SIGSTOP back to back: the second stop still completes.
  int restops = 0;
  for (int i = 0; i < 50; i++) {
    kill(child, SIGSTOP);
    if (wait_options(child, &status, WUNTRACED) != child) die("wait4 stop");
    kill(child, SIGCONT);
    kill(child, SIGSTOP);
    if (wait_options(child, &status, WUNTRACED) == child && WIFSTOPPED(status)) restops++;
    kill(child, SIGCONT);
  }
  printf("50 back-to-back continue and stop: stops reported %d\n", restops);
  kill(child, SIGSTOP);
  wait_options(child, &status, WUNTRACED);
  kill(child, SIGKILL);
  printf("child: %s\n", wait_text(wait_for(child)));
  return 0;
}
