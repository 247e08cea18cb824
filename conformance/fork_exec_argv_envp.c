// fork + execve of /bin/exec_probe: the new program gets exactly the argv and envp given
// (argv[0] need not be the path; empty strings and spaces survive), keeps the pid, parent
// and fds without FD_CLOEXEC, loses the close-on-exec ones; its exit status reaches the
// parent. A failed execve returns to the caller with ENOENT / EACCES.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "conformance/testlib.h"

static void exec_probe(void) {
  char pid_env[32], ppid_env[32];
  snprintf(pid_env, sizeof pid_env, "EXPECT_PID=%d", getpid());
  snprintf(ppid_env, sizeof ppid_env, "EXPECT_PPID=%d", getppid());
  char *argv[] = {"probe", "one", "two words", "", NULL};
  char *envp[] = {"A=1", "EMPTY=", pid_env, "B=two words", ppid_env, NULL};
  execve("/bin/exec_probe", argv, envp);
  printf("BUG: execve failed: %s\n", errno_name(errno));
  _exit(1);
}

int main(void) {
  start();
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  // fd 3 stays open across exec, fd 4 is close-on-exec (dup'ed from fds above both).
  int high_rd = fcntl(fds[0], F_DUPFD, 10), high_wr = fcntl(fds[1], F_DUPFD, 10);
  if (high_rd < 0 || high_wr < 0 || dup2(high_rd, 3) != 3 || dup3(high_wr, 4, O_CLOEXEC) != 4) die("dup");
  close(high_rd);
  close(high_wr);
  pid_t pid = fork_or_die();
  if (pid == 0) exec_probe();
  printf("parent: probe %s\n", status_text(wait_for(pid)));

  pid = fork_or_die();
  if (pid == 0) {
    char *argv[] = {"missing", NULL};
    char *envp[] = {NULL};
    printf("child: execve(/bin/missing): %s\n", result(execve("/bin/missing", argv, envp), errno));
    printf("child: execve(/proc) (a directory): %s\n", result(execve("/proc", argv, envp), errno));
    printf("child: still running the old program after failed execs: yes\n");
    _exit(4);
  }
  printf("parent: child %s\n", status_text(wait_for(pid)));
  return 0;
}
