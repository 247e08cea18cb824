// Helpers shared by the conformance programs (conformance/README.md has the rules).
//
// Output: only values that are the same on every kernel and every run (no pids, addresses
// or times; relations such as "pid > 0: yes" instead), in a deterministic order: a parent
// prints only after it has waited for whatever its children print or do.
#pragma once

#include <stdint.h>
#include <sys/types.h>

// Call first: stdout line buffered whatever fd 1 is (the console is a tty on Linux, maybe
// not elsewhere), so no half line sits in the buffer to be duplicated by fork or lost by
// _exit.
void start(void);

const char *yes_no(int condition);
// "ESRCH" for ESRCH.
const char *errno_name(int err);
// What a call returned, as goldens show it: "0", "-1 ESRCH" (ret -1: errno's name).
// The strings of these two functions stay valid for the next 7 calls.
const char *result(long ret, int err);
// poll's revents by name, e.g. "in out hup" ("none" for 0), in the order in, pri, out,
// err, hup, nval.
const char *poll_events(short revents);
// "exit status N" or "killed by signal N" (the init's words), for a wait status.
const char *status_text(int status);

// Prints "FAIL: what: <errno name>" and exits 1: a step the test needs did not work.
_Noreturn void die(const char *what);

pid_t fork_or_die(void);
// wait4(pid, ..., 0, NULL) until it returns pid (EINTR retried); the wait status.
int wait_for(pid_t pid);
// fork, run fn(arg) in the child and _exit with what it returns.
pid_t spawn(int (*fn)(void *), void *arg);

// A one-shot signal from one process to another: the child calls gate_open before the
// fork, the signaller gate_signal, the waiter gate_wait (which returns once signalled,
// or when every writer is gone).
typedef struct {
  int fds[2];
} gate;
void gate_open(gate *g);
void gate_signal(gate *g);
void gate_wait(gate *g);
void gate_close(gate *g);

// Waits until process `pid` is in state `state` ('S' sleeping, 'Z' zombie) as
// /proc/PID/stat tells, up to a few seconds. Only a way to make the interesting
// interleaving likely (the outcome must not depend on it): without /proc it waits 100 ms.
void wait_state(pid_t pid, char state);

// Sleeps `ms` milliseconds (nanosleep).
void sleep_ms(long ms);

// Fills buf with a reproducible byte sequence determined by `seed` (xorshift).
void fill_pattern(uint8_t *buf, size_t len, uint64_t *seed);

// Loopback TCP: a listening socket on 127.0.0.1 with a kernel-chosen port (*port, host
// order), and a connected client socket.
int tcp_listener(uint16_t *port);
int tcp_connect(uint16_t port);
