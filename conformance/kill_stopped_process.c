// A stopped process can still be killed: SIGKILL ends a child stopped by SIGSTOP (wait4
// without WUNTRACED: killed by signal 9). A SIGTERM (default action) sent to a stopped
// child leaves it stopped, pending; the SIGCONT that resumes it lets the SIGTERM kill it
// (killed by signal 15). (Seed: "Handling stopped or traced child processes"; kill, 137.)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static pid_t stopped_child(void) {
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  pid_t child = fork_or_die();
  if (child == 0) {
    close(fds[1]);
    char c;
    read(fds[0], &c, 1);  // blocks: the parent never writes
    _exit(1);
  }
  close(fds[0]);
  wait_state(child, 'S');
  kill(child, SIGSTOP);
  int status;
  wait_options(child, &status, WUNTRACED);
  printf("child: %s\n", wait_text(status));
  return child;
}

static char stat_state(pid_t pid) {
  char path[64], fields[kStatFields][32];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  return read_stat_at(path, fields, NULL) > 0 ? fields[0][0] : '?';
}

int main(void) {
  start();
  pid_t child = stopped_child();
  printf("kill(stopped child, SIGKILL): %s\n", result(kill(child, SIGKILL), errno));
  int status = wait_for(child);
  printf("child: %s, WTERMSIG == 9: %s\n", wait_text(status), yes_no(WIFSIGNALED(status) && WTERMSIG(status) == 9));

  child = stopped_child();
  printf("kill(stopped child, SIGTERM): %s\n", result(kill(child, SIGTERM), errno));
  sleep_ms(100);  // were it to die now, it would be a zombie by then
  printf("still stopped: state %c, wait4(WNOHANG): %s\n", stat_state(child),
         result(wait4(child, &status, WNOHANG, NULL), errno));
  printf("kill(child, SIGCONT): %s\n", result(kill(child, SIGCONT), errno));
  status = wait_for(child);
  printf("child: %s\n", wait_text(status));
  return 0;
}
