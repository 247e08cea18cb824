// fork and execve from a thread that is not the main one, while other threads are blocked
// in a pipe read, in nanosleep and spinning: fork's child has one thread (the caller's) and
// runs on; execve kills every other thread first, keeps the pid (the new program's pid and
// tid are the old pid), and the new program starts with one thread and the caught signal
// back at its default action.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/signals.h"

static int quiet[2];
static pid_t original_pid;

static void *reader(void *arg) {
  (void)arg;
  char c;
  read(quiet[0], &c, 1);
  return NULL;
}

static void *sleeper(void *arg) {
  (void)arg;
  struct timespec ts = {100, 0};
  nanosleep(&ts, NULL);
  return NULL;
}

static void *spinner(void *arg) {
  (void)arg;
  for (volatile unsigned long i = 0;; i = i + 1) {
  }
  return NULL;
}

static void on_usr1(int sig) { (void)sig; }

static void *forker_then_execer(void *arg) {
  int report = *(int *)arg;
  pid_t child = fork();
  if (child == 0) {
    char line[64];
    snprintf(line, sizeof line, "fork child threads %d\n", threads_of(getpid()));
    write_all(report, line, strlen(line));
    _exit(7);
  }
  int status;
  waitpid(child, &status, 0);
  char line[64];
  snprintf(line, sizeof line, "fork child %s\n", wait_text(status));
  write_all(report, line, strlen(line));
  char pid_arg[16];
  snprintf(pid_arg, sizeof pid_arg, "%d", (int)original_pid);
  char *args[] = {"/test", "exec-child", pid_arg, NULL};
  char *env[] = {NULL};
  execve("/test", args, env);
  _exit(91);
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "exec-child") == 0) {
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    printf("new program: pid kept %s, tid is the pid %s, threads %d, SIGUSR1 handler reset %s\n",
           yes_no(getpid() == atoi(argv[2])), yes_no(syscall(SYS_gettid) == getpid()), threads_of(getpid()),
           yes_no(sa.sa_handler == SIG_DFL));
    fflush(stdout);
    return 3;
  }
  start();
  int report[2];
  if (pipe(report) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(report[0]);
    if (pipe(quiet) != 0) _exit(92);
    original_pid = getpid();
    on_signal(SIGUSR1, on_usr1, 0);
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    pthread_create(&t, NULL, sleeper, NULL);
    pthread_create(&t, NULL, spinner, NULL);
    pthread_create(&t, NULL, forker_then_execer, &report[1]);
    for (;;) pause();
  }
  close(report[1]);
  char buf[256];
  ssize_t n, total = 0;
  while ((n = read(report[0], buf + total, sizeof buf - 1 - (size_t)total)) > 0) total += n;
  buf[total] = '\0';
  fputs(buf, stdout);
  printf("process: %s\n", wait_text(wait_for(pid)));
  return 0;
}
