// Helpers for the programs about signals, threads, job control and /proc (issue 9): small
// wrappers that die on failure, a wait-status text that knows stopped and continued, and
// readers of /proc/PID/stat, /proc/PID/status and a thread's /proc/self/task/TID/stat.
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/testlib.h"

// sigaction(sig) with a plain handler; sa_mask empty.
static inline void on_signal(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  if (sigaction(sig, &sa, NULL) != 0) die("sigaction");
}

// sigaction(sig) with an SA_SIGINFO handler (flags | SA_SIGINFO); sa_mask empty.
static inline void on_siginfo(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = flags | SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  if (sigaction(sig, &sa, NULL) != 0) die("sigaction");
}

// sigprocmask(how, {sig}) for one signal.
static inline void mask_one(int how, int sig) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  if (sigprocmask(how, &set, NULL) != 0) die("sigprocmask");
}
static inline void block_signal(int sig) { mask_one(SIG_BLOCK, sig); }
static inline void unblock_signal(int sig) { mask_one(SIG_UNBLOCK, sig); }

// Whether `sig` is in the calling thread's blocked mask / the pending set.
static inline int is_blocked(int sig) {
  sigset_t set;
  if (sigprocmask(SIG_BLOCK, NULL, &set) != 0) die("sigprocmask");
  return sigismember(&set, sig) == 1;
}
static inline int is_pending(int sig) {
  sigset_t set;
  if (sigpending(&set) != 0) die("sigpending");
  return sigismember(&set, sig) == 1;
}
// Whether no signal at all is pending.
static inline int none_pending(void) {
  sigset_t set;
  if (sigpending(&set) != 0) die("sigpending");
  return sigisemptyset(&set);
}

// A wait status in words: status_text's "exit status N" and "killed by signal N" (with
// " (core dumped)" if WCOREDUMP), "stopped by signal N", "continued".
static inline const char *wait_text(int status) {
  static char bufs[4][64];
  static unsigned next;
  char *buf = bufs[next++ % 4];
  if (WIFSTOPPED(status)) snprintf(buf, 64, "stopped by signal %d", WSTOPSIG(status));
  else if (WIFCONTINUED(status)) snprintf(buf, 64, "continued");
  else if (WIFSIGNALED(status) && WCOREDUMP(status))
    snprintf(buf, 64, "killed by signal %d (core dumped)", WTERMSIG(status));
  else snprintf(buf, 64, "%s", status_text(status));
  return buf;
}

// wait4(pid, &status, options, NULL) with EINTR retried; dies on any other failure.
static inline pid_t wait_options(pid_t pid, int *status, int options) {
  for (;;) {
    pid_t got = wait4(pid, status, options, NULL);
    if (got >= 0) return got;
    if (errno != EINTR) die("wait4");
  }
}

// Reads a whole small file into buf (NUL-terminated); the length, or -1 with errno.
static inline ssize_t read_small_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t len = 0;
  for (;;) {
    ssize_t n = read(fd, buf + len, size - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    len += (size_t)n;
    if (len == size - 1) break;
  }
  close(fd);
  buf[len] = '\0';
  return (ssize_t)len;
}

// The fields of a /proc stat file after "pid (comm)": fields[0] is field 3 (state), fields[1]
// field 4 (ppid), ... fields[k] field k+3, as proc(5) numbers them. Returns how many it
// found (0 if the file cannot be read); `comm` (if not NULL, 64 bytes) gets the name.
enum { kStatFields = 50 };
static inline int read_stat_at(const char *path, char fields[kStatFields][32], char *comm) {
  char buf[1024];
  if (read_small_file(path, buf, sizeof buf) <= 0) return 0;
  char *open_paren = strchr(buf, '(');
  char *close_paren = strrchr(buf, ')');
  if (!open_paren || !close_paren || close_paren < open_paren) return 0;
  if (comm) {
    size_t n = (size_t)(close_paren - open_paren - 1);
    if (n > 63) n = 63;
    memcpy(comm, open_paren + 1, n);
    comm[n] = '\0';
  }
  int count = 0;
  char *save = NULL;
  for (char *tok = strtok_r(close_paren + 1, " \n", &save); tok && count < kStatFields;
       tok = strtok_r(NULL, " \n", &save)) {
    snprintf(fields[count++], 32, "%s", tok);
  }
  return count;
}

// Field `n` (proc(5) numbering, n >= 3) of /proc/PID/stat as a number; -1 if unreadable.
static inline long long proc_stat_field(pid_t pid, int n) {
  char path[64], fields[kStatFields][32];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int count = read_stat_at(path, fields, NULL);
  if (n < 4 || n - 3 >= count) return -1;
  return atoll(fields[n - 3]);
}

// The state letter of /proc/PID/task/TID/stat, 0 if unreadable.
static inline char task_state(pid_t pid, pid_t tid) {
  char path[96], fields[kStatFields][32];
  snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
  return read_stat_at(path, fields, NULL) > 0 ? fields[0][0] : 0;
}

// Waits until thread `tid` of process `pid` is in `state` ('S', 'R', ...), up to a few
// seconds (as wait_state does for a process: only makes an interleaving likely).
static inline void wait_task_state(pid_t pid, pid_t tid, char state) {
  if (task_state(getpid(), getpid()) == 0) {  // no /proc/PID/task here
    sleep_ms(100);
    return;
  }
  for (int i = 0; i < 5000 && task_state(pid, tid) != state; i++) sleep_ms(1);
}

// The same for a thread of this process.
static inline void wait_thread_state(pid_t tid, char state) { wait_task_state(getpid(), tid, state); }

// The value of line "Key:\tvalue" of /proc/PID/status (into `value`, 128 bytes, without
// the newline); 0 if found, -1 if not.
static inline int proc_status_line(pid_t pid, const char *key, char *value) {
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  if (read_small_file(path, buf, sizeof buf) <= 0) return -1;
  size_t klen = strlen(key);
  for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
      char *v = line + klen + 1;
      while (*v == '\t' || *v == ' ') v++;
      size_t n = strcspn(v, "\n");
      if (n > 127) n = 127;
      memcpy(value, v, n);
      value[n] = '\0';
      return 0;
    }
  }
  return -1;
}

// The number in /proc/self/status's "Threads:" line, -1 if there is none.
static inline int threads_of(pid_t pid) {
  char value[128];
  return proc_status_line(pid, "Threads", value) == 0 ? atoi(value) : -1;
}

// Writes all of buf to fd (EINTR retried); dies on failure.
static inline void write_all(int fd, const void *buf, size_t len) {
  const char *p = (const char *)buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) die("write");
    p += n;
    len -= (size_t)n;
  }
}

// Reads exactly len bytes (EINTR retried); returns 1, or 0 at EOF before that.
static inline int read_exact(int fd, void *buf, size_t len) {
  char *p = (char *)buf;
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) die("read");
    if (n == 0) return 0;
    p += n;
    len -= (size_t)n;
  }
  return 1;
}
