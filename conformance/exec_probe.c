// /bin/exec_probe, the program fork_exec_argv_envp executes: prints its argv, its
// environment (but EXPECT_*), whether it kept the pid and parent the caller expects
// (EXPECT_PID, EXPECT_PPID) and whether fds 3 and 4 are open; exits with status 3.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int env_is(const char *name, long value) {
  const char *v = getenv(name);
  return v && atol(v) == value;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("exec_probe: argc = %d\n", argc);
  for (int i = 0; i < argc; i++) printf("exec_probe: argv[%d] = \"%s\"\n", i, argv[i]);
  printf("exec_probe: argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
  for (char **e = environ; *e; e++)
    if (strncmp(*e, "EXPECT_", 7) != 0) printf("exec_probe: env \"%s\"\n", *e);
  printf("exec_probe: pid kept across execve: %s\n", env_is("EXPECT_PID", getpid()) ? "yes" : "no");
  printf("exec_probe: parent is the process that forked: %s\n", env_is("EXPECT_PPID", getppid()) ? "yes" : "no");
  printf("exec_probe: fd 3 (inherited) open: %s\n", fcntl(3, F_GETFD) >= 0 ? "yes" : "no");
  printf("exec_probe: fd 4 (O_CLOEXEC) open: %s\n", fcntl(4, F_GETFD) >= 0 ? "yes" : "no");
  return 3;
}
