// When a process exits leaving a stopped child in a process group that this orphans (the
// child leads its own group; its only link outside it in the session was the exiting
// parent), the child is sent SIGHUP and SIGCONT: it resumes, runs both handlers, finds
// itself reparented to the init, and lives on. A child that is not stopped is left alone.
// (Which handler runs first is not printed: Linux delivers both before returning to user
// mode, so the SIGCONT handler's frame, set up last, runs first.) (Seed: "Handling stopped
// or traced child processes".)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance/signals.h"

static volatile int hups, conts;
static void on_sig(int sig) {
  if (sig == SIGHUP) hups++;
  if (sig == SIGCONT) conts++;
}

// The grandchild: its own group, handlers for SIGHUP and SIGCONT; stops itself if asked,
// then reports what it got once its parent is gone.
static void grandchild(int report_w, int stop, gate *ready) {
  setpgid(0, 0);
  on_signal(SIGHUP, on_sig, 0);
  on_signal(SIGCONT, on_sig, 0);
  pid_t parent = getppid();
  gate_signal(ready);
  if (stop) raise(SIGSTOP);
  for (int i = 0; i < 5000 && getppid() == parent; i++) sleep_ms(1);
  if (!stop) sleep_ms(100);  // time for signals that should not come
  int line[3] = {hups, conts, getppid() == 1};
  write_all(report_w, line, sizeof line);
  _exit(0);
}

static void run(int stop) {
  int report[2];
  if (pipe(report) != 0) die("pipe");
  pid_t middle = fork_or_die();
  if (middle == 0) {
    close(report[0]);
    gate ready;
    gate_open(&ready);
    pid_t g = fork_or_die();
    if (g == 0) grandchild(report[1], stop, &ready);
    setpgid(g, g);
    gate_wait(&ready);
    if (stop) {
      int status;
      wait_options(g, &status, WUNTRACED);  // it has stopped
    }
    _exit(0);  // orphans the grandchild's group
  }
  close(report[1]);
  printf("%s: parent: %s\n", stop ? "stopped grandchild" : "running grandchild", status_text(wait_for(middle)));
  int line[3];
  if (!read_exact(report[0], line, sizeof line)) die("read report");
  printf("  SIGHUPs it handled: %d, SIGCONTs: %d\n", line[0], line[1]);
  printf("  reparented to the init (getppid() == 1): %s\n", yes_no(line[2]));
  close(report[0]);
}

int main(void) {
  start();
  run(1);
  run(0);
  return 0;
}
