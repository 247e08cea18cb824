// The main thread may leave with SYS_exit (not exit_group) while another thread runs on:
// the other thread sees it gone (pthread_join of the main thread returns: the kernel
// cleared its tid), the process is still alive (wait4 WNOHANG returns 0, the thread still
// answers), and when that last thread ends with SYS_exit(5) the parent sees the status
// of the process as Linux reports it.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static int ask[2], answer[2];
static pthread_t main_thread;

static void *last(void *arg) {
  (void)arg;
  char c = pthread_join(main_thread, NULL) == 0 ? 'j' : 'n';  // until the main thread is gone
  write_all(answer[1], &c, 1);
  // Answers each question with its byte + 1 until the parent closes the pipe.
  while (read(ask[0], &c, 1) == 1) {
    c++;
    write_all(answer[1], &c, 1);
  }
  syscall(SYS_exit, 5);
  return NULL;
}

int main(void) {
  start();
  if (pipe(ask) != 0 || pipe(answer) != 0) die("pipe");
  pid_t pid = fork_or_die();
  if (pid == 0) {
    close(ask[1]);
    close(answer[0]);
    main_thread = pthread_self();
    pthread_t t;
    if (pthread_create(&t, NULL, last, NULL) != 0) _exit(100);
    syscall(SYS_exit, 3);  // the main thread only
    _exit(101);            // never reached
  }
  close(ask[0]);
  close(answer[1]);
  char c;
  if (!read_exact(answer[0], &c, 1)) die("read answer");
  printf("the other thread's pthread_join of the main thread: %s\n", yes_no(c == 'j'));
  c = 'a';
  write_all(ask[1], &c, 1);
  if (!read_exact(answer[0], &c, 1)) die("read answer");
  printf("the other thread answers: %s\n", yes_no(c == 'b'));
  int status;
  printf("wait4(WNOHANG) while a thread runs: %s\n", result(wait4(pid, &status, WNOHANG, NULL), errno));
  c = 'x';
  write_all(ask[1], &c, 1);
  if (!read_exact(answer[0], &c, 1)) die("read answer");
  printf("the other thread still answers: %s\n", yes_no(c == 'y'));
  close(ask[1]);  // the last thread leaves with SYS_exit(5)
  printf("child: %s\n", status_text(wait_for(pid)));
  char rest;
  printf("its pipe at EOF: %s\n", yes_no(read(answer[0], &rest, 1) == 0));
  return 0;
}
