#include "conformance/testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void start(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

const char *yes_no(int condition) { return condition ? "yes" : "no"; }

const char *errno_name(int err) {
  const char *name = strerrorname_np(err);
  return name ? name : "E?";
}

// Rotating buffers, so a printf may hold several results at once.
static char *scratch(void) {
  static char bufs[8][64];
  static unsigned next;
  return bufs[next++ % 8];
}

const char *result(long ret, int err) {
  char *buf = scratch();
  if (ret == -1) snprintf(buf, 64, "-1 %s", errno_name(err));
  else snprintf(buf, 64, "%ld", ret);
  return buf;
}

const char *poll_events(short revents) {
  static const struct {
    short bit;
    const char *name;
  } names[] = {{POLLIN, "in"}, {POLLPRI, "pri"}, {POLLOUT, "out"}, {POLLERR, "err"}, {POLLHUP, "hup"},
               {POLLNVAL, "nval"}};
  char *buf = scratch();
  size_t len = 0;
  buf[0] = '\0';
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
    if (revents & names[i].bit) len += snprintf(buf + len, 64 - len, "%s%s", len ? " " : "", names[i].name);
  return len ? buf : "none";
}

const char *status_text(int status) {
  char *buf = scratch();
  if (WIFEXITED(status)) snprintf(buf, 64, "exit status %d", WEXITSTATUS(status));
  else if (WIFSIGNALED(status)) snprintf(buf, 64, "killed by signal %d", WTERMSIG(status));
  else snprintf(buf, 64, "wait status 0x%x", status);
  return buf;
}

void die(const char *what) {
  printf("FAIL: %s: %s\n", what, errno_name(errno));
  exit(1);
}

pid_t fork_or_die(void) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  return pid;
}

int wait_for(pid_t pid) {
  int status;
  for (;;) {
    pid_t got = wait4(pid, &status, 0, NULL);
    if (got == pid) return status;
    if (got < 0 && errno != EINTR) die("wait4");
  }
}

pid_t spawn(int (*fn)(void *), void *arg) {
  pid_t pid = fork_or_die();
  if (pid == 0) _exit(fn(arg));
  return pid;
}

void gate_open(gate *g) {
  if (pipe2(g->fds, O_CLOEXEC) != 0) die("pipe2");
}

void gate_signal(gate *g) {
  char c = 1;
  if (write(g->fds[1], &c, 1) != 1) die("gate write");
}

void gate_wait(gate *g) {
  char c;
  while (read(g->fds[0], &c, 1) < 0)
    if (errno != EINTR) die("gate read");
}

void gate_close(gate *g) {
  close(g->fds[0]);
  close(g->fds[1]);
}

void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// The state letter of /proc/PID/stat ("pid (comm) S ..."), 0 if unreadable.
static char proc_state(pid_t pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  char *paren = strrchr(buf, ')');
  return paren && paren[1] == ' ' ? paren[2] : 0;
}

void wait_state(pid_t pid, char state) {
  if (proc_state(getpid()) == 0) {  // no /proc here
    sleep_ms(100);
    return;
  }
  for (int i = 0; i < 5000 && proc_state(pid) != state; i++) sleep_ms(1);
}

void fill_pattern(uint8_t *buf, size_t len, uint64_t *seed) {
  uint64_t x = *seed;
  for (size_t i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    buf[i] = (uint8_t)x;
  }
  *seed = x;
}

static struct sockaddr_in loopback(uint16_t port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int tcp_listener(uint16_t *port) {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) die("socket");
  struct sockaddr_in a = loopback(0);
  if (bind(s, (struct sockaddr *)&a, sizeof a) != 0) die("bind 127.0.0.1:0");
  if (listen(s, 8) != 0) die("listen");
  socklen_t len = sizeof a;
  if (getsockname(s, (struct sockaddr *)&a, &len) != 0) die("getsockname");
  *port = ntohs(a.sin_port);
  return s;
}

int tcp_connect(uint16_t port) {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) die("socket");
  struct sockaddr_in a = loopback(port);
  if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
  return s;
}
