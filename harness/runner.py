"""The one entry point of every QEMU test target: boot a kernel image and judge its console.

    runner.py --mode {test,update,repro,stress,replay} --kind {variant,session} --kernel PATH
              --golden PATH [--golden-src-path golden/foo.golden] [--prompt 'akuma:/> ']
              [--expect-exit N] [--boot-timeout S] [--quiet-timeout S] [--timeout S]
              [--label //pkg:name] [--net] [--initrd PATH] [--append CMDLINE] [--memory SIZE]
              [--filter PATTERN] [--runs N] [--gdb] [--keep] [--outputs DIR] [--profile]
              [--seed S] [--seeds N|A-B] [--jobs J] [--record]

`--seed S` runs a replayable schedule (schedules.py): the same seed, the same transcript.
`--mode stress` runs the test under many seeds in parallel and names the failing ones;
`--mode repro --record` keeps QEMU's record/replay log, which `--mode replay` replays.

A *variant* runs one program and powers QEMU off; its verdict is QEMU's exit status (the guest's
semihosting exit) plus its transcript. A *session* is the full kernel driven like a user would:
for every typed golden line the runner waits for the prompt, types the text in small chunks,
each only after the previous one echoed, then Enter; `@host` lines run on the host in between.

Every output line is matched as it arrives, so a failure is reported as soon as it happens.
Waiting is always on QEMU's output or exit, bounded by three limits: `--boot-timeout` until
the kernel shows it runs (its first output, or QEMU's boot trace: see qemu.py), then
`--quiet-timeout` of silence while the runner waits for the next golden line or the guest's
exit (a silent console is a hang within seconds), and `--timeout` for the whole run as a
backstop (a kernel that keeps printing without ever finishing). Failure classes, each printed
as `FAIL(<class>): <label> at <golden>:<line>` and followed by the command that reproduces
it: boot-timeout, panic, mismatch, early-eof, hang, exit-status, and ubsan or kasan for a
panic report of the kernel's sanitizers (kernel/debug, --config=ubsan or kasan).

A session ends when its golden is done and the shell shows its prompt again; the runner then
stops QEMU (SIGTERM) rather than typing `poweroff`, which would add output the golden does not
have. Its exit status is checked only if QEMU exited by itself (a golden ending in `poweroff`).

Under `bazel test` the runner also writes JUnit (`$XML_OUTPUT_FILE`, one testcase per block
of the golden: golden.blocks), honours `--test_filter` (`$TESTBRIDGE_TEST_ONLY`) by running
the golden up to the last selected block, echoes the console as it comes (so
`--test_output=streamed` shows it live) and writes the serial log where a user finds it
without unzipping; the report's last line names it.
"""

from __future__ import annotations

import argparse
import codecs
import collections
import concurrent.futures
import difflib
import fnmatch
import math
import os
import random
import re
import select
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import termios
import time
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import golden
import host_tcp
import junit
import qemu
import schedules
import symbolize
import variance
from golden import Block, Expect, Golden, HostAction, Matcher, Mismatch, Typed

PANIC_MARK = "KERNEL PANIC"
PANIC_END = "end of panic report"
# A panic report from one of the kernel's sanitizers (kernel/debug; --config=ubsan, kasan)
# starts `*** KERNEL PANIC: UBSAN: ...` or `KASAN: ...`: its own failure class.
SANITIZER_CLASSES = {"UBSAN": "ubsan", "KASAN": "kasan"}
# Bytes typed before waiting for their echo. QEMU never drops input (it stops reading while
# the PL011's 16-byte FIFO is full); pacing keeps the transcript in step with the typing.
ECHO_CHUNK = 8
# After a failure, keep reading (a panic report, the rest of a block for the diff) until QEMU
# is quiet this long.
DRAIN_QUIET_S = 0.5
DRAIN_LIMIT_S = 3.0
HTTP_TIMEOUT_S = 5.0
# `@host http ... -> 200` retries while the guest refuses, e.g. a server just started with `&`.
HTTP_READY_S = 10.0
HTTP_RETRY_S = 0.1
# `@host http-start`: how long a background request may wait (a stopped server), and how
# long `http-pending` gives it to finish before it says "waiting".
HTTP_ASYNC_TIMEOUT_S = 60.0
HTTP_PENDING_S = 1.0
# `@host load-start`: the pause after a refused request (a server being restarted).
LOAD_REFUSED_PAUSE_S = 0.01
PANIC_REPORT_LINES = 60
# --smp above 1: the boot and quiet timeouts are this many times longer.
SMP_TIMEOUT_SCALE = 3
# --smp above 1: before typing a line, the runner waits up to this long for every guest CPU
# to be idle (Qemu.wait_quiet): the golden's next command sees the system settled, as on one
# CPU (a program still spinning just costs the wait).
SMP_SETTLE_S = 0.5
# Seconds kept free before bazel's own test timeout for draining and the report.
BAZEL_TIMEOUT_MARGIN_S = 10.0
STDERR_TAIL_LINES = 10
HANG_TAIL_LINES = 20
CTRL_A = b"\x01"


@dataclass(frozen=True)
class Limits:
    """Seconds the runner waits (None: for ever, e.g. while gdb holds the guest)."""

    boot: float | None
    quiet: float | None
    run: float | None


class Stop(Exception):
    """A limit passed: `cls` is boot-timeout or hang, `what` what the runner waited for,
    `why` which limit, `line_no` the golden line awaited (if any)."""

    def __init__(self, cls: str, what: str, why: str = "", line_no: int | None = None) -> None:
        super().__init__(f"{cls}: waiting for {what}")
        self.cls = cls
        self.what = what
        self.why = why
        self.line_no = line_no


class Console:
    """QEMU's serial console as normalised lines, fed to a matcher as they complete.

    `lines` is the transcript so far; `partial` (via `at_prompt`) is the unfinished line
    where the shell's prompt waits for input. Raw output goes to `echo` (a terminal), each
    complete line to every file in `line_sinks` (the live console of a test, the logs).
    """

    def __init__(self, vm: qemu.Qemu, prompt: str | None, limits: Limits,
                 echo: BinaryIO | None = None, line_sinks: tuple[TextIO, ...] = ()) -> None:  # fmt: skip
        self.start = time.monotonic()
        self.vm = vm
        self.prompt = prompt
        self.limits = limits
        self.echo = echo
        self.line_sinks = line_sinks
        # Several guest CPUs: before typing, wait (at most this long) until none runs.
        self.settle_before_typing = 0.0
        self.sink: Matcher | None = None
        # A seeded run's first line (schedules.SEED_LINE): kept in the transcript, not matched.
        self.header: str | None = None
        self.header_ok: bool | None = None  # whether the first line was the header
        self.lines: list[str] = []
        self.typed_at: list[int] = []  # indices in `lines` of the lines the runner typed
        self.got_output = False
        self.eof = False
        self.last_activity = self.start  # the last output, boot sign or input
        self._boot_seen = False
        self._buffer = golden.LineBuffer()
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    @property
    def booted(self) -> bool:
        return self.got_output or self._boot_seen

    def touch(self) -> None:
        """Something happened that may make the guest print (input, a host action): the
        silence limit counts from now."""
        self.last_activity = time.monotonic()

    def send(self, data: bytes) -> None:
        self.vm.send(data)
        self.touch()

    def failed(self) -> bool:
        return self.sink is not None and self.sink.failure is not None

    def at_prompt(self) -> bool:
        return self.prompt is not None and self._buffer.partial == golden.normalize(self.prompt)

    @property
    def partial(self) -> str:
        return self._buffer.partial

    def _deadline(self) -> tuple[float, str]:
        """The next limit and its name: boot, quiet or run."""
        limits = [(self.start + self.limits.run, "run")] if self.limits.run is not None else []
        if not self.booted:
            if self.limits.boot is not None:
                limits.append((self.start + self.limits.boot, "boot"))
        elif self.limits.quiet is not None:
            limits.append((self.last_activity + self.limits.quiet, "quiet"))
        return min(limits, default=(math.inf, ""))

    def _stop(self, limit: str, what: str, line_no: int | None) -> Stop:
        if limit == "boot":
            why = (f"no sign of the kernel within --boot-timeout {self.limits.boot:g} s "
                   "(no output, and QEMU saw no interrupt enabled)")  # fmt: skip
            return Stop("boot-timeout", what, why, line_no)
        if limit == "quiet" and not self.got_output:
            why = f"the kernel booted but printed nothing for {self.limits.quiet:g} s (--quiet-timeout)"
        elif limit == "quiet":
            why = f"no output for {self.limits.quiet:g} s (--quiet-timeout)"
        else:
            why = f"the run took longer than --timeout {self.limits.run:g} s"
        return Stop("hang", what, why, line_no)

    def pump(self, what: str, line_no: int | None = None) -> bool:
        """Waits for the next chunk of output and feeds the lines it completes; False at EOF.
        Raises Stop if a limit passes first (`what`/`line_no`: what the runner waits for)."""
        while True:
            deadline, limit = self._deadline()
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._stop(limit, what, line_no)
            chunk = self.vm.read(min(left, 3600.0))
            if self.vm.booted and not self._boot_seen:
                self._boot_seen = True
                self.touch()
            if chunk is not None:
                self._take(chunk)
                return not self.eof

    def wait_until(self, ready: Callable[[], bool], what: str, line_no: int | None = None) -> bool:
        """Pumps until `ready()`; False if the console closed or the matcher failed first."""
        while not ready():
            if self.failed() or not self.pump(what, line_no):
                return False
        return True

    def type_line(self, text: str, line_no: int | None = None) -> bool:
        """At the prompt, types `text` paced by its echo, then Enter, and waits until the
        typed line is complete. False if the run ended (EOF or a mismatch) first."""
        assert self.prompt is not None
        if not self.wait_until(self.at_prompt, f"the prompt, to type {text!r}", line_no):
            return False
        if self.settle_before_typing:
            # On one CPU the shell prints its prompt once the rest has blocked or is
            # preempted; on several, what a host action started may still run.
            self.vm.wait_quiet(self.settle_before_typing)
        for end in range(ECHO_CHUNK, len(text) + ECHO_CHUNK, ECHO_CHUNK):
            self.send(text[end - ECHO_CHUNK : end].encode())
            echoed = golden.normalize(self.prompt + text[:end])
            if not self.wait_until(lambda: self._buffer.partial == echoed, f"the echo of {text[:end]!r}", line_no):
                return False
        typed = len(self.lines)
        self.typed_at.append(typed)
        self.send(b"\r")
        return self.wait_until(lambda: len(self.lines) > typed, f"the echo of Enter after {text!r}", line_no)

    def drain(self) -> None:
        """After a failure, keeps what QEMU still prints (a panic report, the rest of the
        block for the diff) until it exits, is quiet for DRAIN_QUIET_S, or DRAIN_LIMIT_S
        have passed."""
        limit = min(self._deadline()[0], time.monotonic() + DRAIN_LIMIT_S)
        while not self.eof and (left := limit - time.monotonic()) > 0:
            chunk = self.vm.read(min(DRAIN_QUIET_S, left))
            if chunk is None:
                return
            self._take(chunk)

    def flush_partial(self) -> None:
        """Ends the transcript here: an unfinished line (the prompt) becomes its last line."""
        for line in self._buffer.finish():
            self._add(line)

    def _take(self, chunk: bytes) -> None:
        if not chunk:
            self.eof = True
            self._buffer.feed(self._decoder.decode(b"", final=True))
            self.flush_partial()
            return
        self.got_output = True
        self.touch()
        if self.echo is not None:
            self.echo.write(chunk)
            self.echo.flush()
        for line in self._buffer.feed(self._decoder.decode(chunk)):
            self._add(line)

    def _add(self, line: str) -> None:
        self.lines.append(line)
        for sink in self.line_sinks:
            sink.write(line + "\n")
            sink.flush()
        if self.header is not None and len(self.lines) == 1:
            self.header_ok = line == self.header
            if self.header_ok:
                return
        if self.sink is not None:
            self.sink.feed_line(line)


class HostActionError(Exception):
    """An `@host` line the runner cannot perform (unknown verb, bad arguments, no --net)."""



class HostActions:
    """The `@host VERB ARGS [-> RESULT]` lines: each verb's handler returns what it observed,
    which must equal RESULT. New verbs are one entry in `handlers`.

    - `http METHOD PATH -> STATUS|refused`: a request to the guest's port 8080 through QEMU's
      port forward. QEMU accepts every host connection itself and closes it when the guest
      answers with RST, so "refused" is any connection error or close before a response.
      Once the response has arrived the host closes its side, and the action ends when the
      guest has closed the connection too (its server is done with it, also on other
      CPUs). When a status is expected, a refusal is retried for HTTP_READY_S (a server started
      with `&` may not listen yet); other results are final.
    - `http-start METHOD PATH`: the same request in the background (a server that is stopped
      makes it wait); `http-pending -> waiting|done` says whether it is still waiting
      HTTP_PENDING_S later; `http-result -> STATUS|refused|timeout` waits for its answer (at
      most HTTP_ASYNC_TIMEOUT_S).
    - `key ctrl-X`: types a control character (e.g. Ctrl-C to interrupt a foreground job).
    - `type TEXT`: types TEXT and Enter (a test variant waiting for the host reads it).
    - `type-repeat TEXT COUNT`: types TEXT (no spaces) COUNT times, no Enter, unpaced: input
      the guest does not echo, such as a line past the shell's line limit.
    - `type-random SEED COUNT`: types COUNT bytes of Python's `random.Random(SEED)`, any value
      but CR, LF and Ctrl-C (so they stay one line and interrupt nothing), unpaced; the same
      seed gives the same bytes on every run.
    - `tcp read [xN] -> LINE|refused`: connects to the guest's port 8080 (N times), reads the
      first line it sends, closes. As for http, a refusal is retried when a line is expected.
    - `tcp echo SIZE -> ok`: sends SIZE (e.g. 1MiB) pseudo-random bytes, ends its side, and
      compares what comes back (harness/host_tcp.py).
    - `tcp serve REPLY`: starts a one-connection server on the host's loopback and types its
      port; the guest connects to 10.0.2.2:PORT. `tcp served -> LINE` waits for that
      connection to end and gives the first line the guest sent.
    - `tcp hold [TEXT]`: opens a connection to the guest's port 8080, sends TEXT (if any, no
      newline: e.g. half a request) and keeps it open: an idle or slow client.
      `tcp send TEXT` sends TEXT and a newline on the last held connection; `tcp release`
      closes every held connection. `tcp release -> closed` first waits (IO_TIMEOUT_S) for the
      guest to close every held connection, e.g. a server's idle timeout: "closed", or "open"
      if one stayed open. `tcp drip TEXT` holds a connection that sends TEXT a byte every
      0.5 s (a slowloris client), `tcp drip xN TEXT` N of them; `tcp release` ends those too.
    - `tcp load -> ok`: issue 13's load on the guest's httpd (host_tcp.load): 2000 sequential
      connections closing in both orders, 64 concurrent keep-alive clients (a GET on a
      kept-alive connection that the server closed is sent once more on a new one, as clients
      do), 200 half-open connections, a last GET; new connections are paced to what QEMU's
      port forward takes (host_tcp.wait_forward_accepted).
    - `load-start`: GET / requests one after another (each as `http` makes it) from a host
      thread until `load-stop -> ok|...`, which ends them and says "ok" if every request got
      200 or was refused (a server killed or not yet listening), none timed out, and at least
      one got 200; else what went wrong, e.g. "2 timeout". For HTTP load while the guest's
      servers are killed and restarted.
    """

    def __init__(self, vm: qemu.Qemu, host_port: int | None) -> None:
        self.vm = vm
        self.host_port = host_port
        self.handlers: dict[str, Callable[[str, str], str]] = {
            "http": self._http, "key": self._key, "type": self._type, "tcp": self._tcp,
            "type-repeat": self._type_repeat, "type-random": self._type_random,
            "http-start": self._http_start, "http-pending": self._http_pending,
            "http-result": self._http_result, "load-start": self._load_start,
            "load-stop": self._load_stop,
        }  # fmt: skip
        self._async: concurrent.futures.Future[str] | None = None
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self._server: host_tcp.Server | None = None
        self._held: list[host_tcp.Held] = []
        self._load: tuple[threading.Event, threading.Thread, collections.Counter[str]] | None = None

    def check(self, step: HostAction) -> str | None:
        """Matcher callback (test mode): None if the action had the golden's result."""
        request, expected = _split_action(step.text)
        try:
            got = self._observe(request, expected)
        except HostActionError as e:
            return str(e)
        return None if got == expected else f"{step.text}: got {got or 'nothing'}"

    def record(self, step: HostAction) -> str:
        """Update mode: performs the action and returns its line with the observed result."""
        request, expected = _split_action(step.text)
        try:
            got = self._observe(request, expected)
        except HostActionError as e:
            print(f"warning: {step.text}: {e}; kept as it was", file=sys.stderr)
            return step.text
        return f"{request} -> {got}" if got else request

    def _observe(self, request: str, expected: str) -> str:
        verb, _, args = request.partition(" ")
        handler = self.handlers.get(verb)
        if handler is None:
            raise HostActionError(f"unknown host action {verb!r} (known: {', '.join(self.handlers)})")
        return handler(args.strip(), expected)

    def _http(self, args: str, expected: str) -> str:
        method, _, path = args.partition(" ")
        if self.host_port is None:
            raise HostActionError("http needs the guest network (--net)")
        if not method or not path.startswith("/"):
            raise HostActionError(f"expected 'http METHOD /PATH', got 'http {args}'")
        ready_by = time.monotonic() + (HTTP_READY_S if expected.isdigit() else 0)
        while (got := self._http_once(method, path)) == "refused" and time.monotonic() < ready_by:
            time.sleep(HTTP_RETRY_S)  # polling: nothing tells the host when the guest listens
        return got

    def _http_start(self, args: str, expected: str) -> str:
        method, _, path = args.partition(" ")
        if self.host_port is None:
            raise HostActionError("http-start needs the guest network (--net)")
        if not method or not path.startswith("/") or expected:
            raise HostActionError(f"expected 'http-start METHOD /PATH', got 'http-start {args}'")
        if self._async is not None:
            raise HostActionError("an http-start request is still open: http-result first")
        self._async = self._pool.submit(self._http_once, method, path, HTTP_ASYNC_TIMEOUT_S)
        return ""

    def _http_pending(self, args: str, expected: str) -> str:
        if self._async is None or args:
            raise HostActionError("'http-pending' needs an 'http-start' before it")
        try:
            self._async.result(timeout=HTTP_PENDING_S)
        except concurrent.futures.TimeoutError:
            return "waiting"
        return "done"

    def _http_result(self, args: str, expected: str) -> str:
        if self._async is None or args:
            raise HostActionError("'http-result' needs an 'http-start' before it")
        future, self._async = self._async, None
        try:
            return future.result(timeout=HTTP_ASYNC_TIMEOUT_S + 5)
        except concurrent.futures.TimeoutError:
            return "timeout"

    def _load_start(self, args: str, expected: str) -> str:
        if self.host_port is None:
            raise HostActionError("load-start needs the guest network (--net)")
        if args or expected:
            raise HostActionError(f"expected 'load-start', got 'load-start {args}'")
        if self._load is not None:
            raise HostActionError("a load is running: load-stop first")
        stop = threading.Event()
        outcomes: collections.Counter[str] = collections.Counter()

        def requests() -> None:
            while not stop.is_set():
                got = self._http_once("GET", "/")
                outcomes[got] += 1
                if got == "refused":
                    stop.wait(LOAD_REFUSED_PAUSE_S)  # a server restarting: do not spin

        thread = threading.Thread(target=requests, name="load", daemon=True)
        thread.start()
        self._load = (stop, thread, outcomes)
        return ""

    def _load_stop(self, args: str, expected: str) -> str:
        if self._load is None or args:
            raise HostActionError("'load-stop' needs a 'load-start' before it")
        (stop, thread, outcomes), self._load = self._load, None
        stop.set()
        thread.join(HTTP_TIMEOUT_S + 5)
        if thread.is_alive():
            return "hung"
        wrong = {k: n for k, n in outcomes.items() if k not in ("200", "refused")}
        if wrong:
            return ", ".join(f"{n} {k}" for k, n in sorted(wrong.items()))
        return "ok" if outcomes["200"] > 0 else "no 200"

    def _http_once(self, method: str, path: str, timeout: float = HTTP_TIMEOUT_S) -> str:
        """One request; once the response has arrived, the host ends its side (FIN) and waits
        for the guest's end: when this returns, the server has answered, seen the close and
        closed its side. (Returning at the response left the server handling the close while
        the next line was typed, which on several CPUs showed in `ps`.) The host closes first,
        as a browser does, so TIME_WAIT stays on the host."""
        assert self.host_port is not None
        request = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
        try:
            with socket.create_connection(("127.0.0.1", self.host_port), timeout=timeout) as conn:
                conn.sendall(request)
                status = host_tcp.read_response(conn, head_only=method == "HEAD")
                if status == 0:
                    return "refused"  # closed before a response: QEMU's answer to a RST
                conn.shutdown(socket.SHUT_WR)
                while conn.recv(65536):
                    pass
        except ConnectionError:  # refused, reset, or broken off mid-response
            return "refused"
        except TimeoutError:
            return "timeout"
        return str(status)

    def _key(self, args: str, expected: str) -> str:
        name = args.lower()
        if not (len(name) == 6 and name.startswith("ctrl-") and "a" <= name[5] <= "z") or expected:
            raise HostActionError(f"expected 'key ctrl-X', got 'key {args}'")
        self.vm.send(bytes([ord(name[5]) - ord("a") + 1]))
        return ""


    def _type(self, args: str, expected: str) -> str:
        if not args or expected:
            raise HostActionError(f"expected 'type TEXT', got 'type {args}'")
        self.vm.send(args.encode() + b"\r")
        return ""

    def _type_repeat(self, args: str, expected: str) -> str:
        text, _, count = args.rpartition(" ")
        if not text or " " in text or not count.isdigit() or expected:
            raise HostActionError(f"expected 'type-repeat TEXT COUNT', got 'type-repeat {args}'")
        self.vm.send(text.encode() * int(count))
        return ""

    def _type_random(self, args: str, expected: str) -> str:
        seed, _, count = args.partition(" ")
        if not seed.isdigit() or not count.isdigit() or expected:
            raise HostActionError(f"expected 'type-random SEED COUNT', got 'type-random {args}'")
        rng = random.Random(int(seed))
        data = bytearray()
        while len(data) < int(count):
            b = rng.randrange(256)
            if b not in (0x03, 0x0A, 0x0D):
                data.append(b)
        self.vm.send(bytes(data))
        return ""

    def _tcp(self, args: str, expected: str) -> str:
        verb, _, rest = args.partition(" ")
        rest = rest.strip()
        try:
            if verb == "serve":
                if expected:
                    raise HostActionError("'tcp serve REPLY' has no result")
                self._server = host_tcp.Server(rest)
                self.vm.send(f"{self._server.port}\r".encode())
                return ""
            if verb == "served":
                if self._server is None:
                    raise HostActionError("'tcp served' without 'tcp serve' before it")
                return self._server.result()
            if self.host_port is None:
                raise HostActionError(f"tcp {verb} needs the guest network (--net)")
            if verb in ("hold", "drip", "send", "release"):
                return self._tcp_held(verb, rest, expected)
            if verb == "load":
                return host_tcp.load(self.host_port)
            if verb == "echo":
                return host_tcp.echo(self.host_port, host_tcp.parse_size(rest))
            if verb == "read":
                count = int(rest[1:]) if rest.startswith("x") and rest[1:].isdigit() else 1 if not rest else 0
                if count < 1:
                    raise HostActionError(f"expected 'tcp read [xN]', got 'tcp read {rest}'")
                return self._tcp_read(count, retry=expected not in ("", "refused"))
        except host_tcp.TcpError as e:
            raise HostActionError(str(e)) from e
        raise HostActionError(f"unknown 'tcp {verb}' (known: read, echo, serve, served, hold, drip, send, release, load)")

    def _tcp_held(self, verb: str, text: str, expected: str) -> str:
        assert self.host_port is not None
        if expected and verb != "release":
            raise HostActionError(f"'tcp {verb}' has no result")
        if verb in ("hold", "drip"):
            count, _, rest = text.partition(" ")
            many = verb == "drip" and count[:1] == "x" and count[1:].isdigit()
            try:
                for _ in range(int(count[1:]) if many else 1):
                    body = rest if many else text
                    held = host_tcp.Dripping(self.host_port, body) if verb == "drip" else host_tcp.Held(self.host_port, body)
                    self._held.append(held)
            except OSError as e:
                raise HostActionError(f"tcp hold: {e}") from e
        elif verb == "send":
            if not self._held or not text:
                raise HostActionError("expected 'tcp send TEXT' after 'tcp hold'")
            self._held[-1].send_line(text)
        else:
            if text or not self._held:
                raise HostActionError("expected 'tcp release [-> closed]' after 'tcp hold'")
            result = ""
            if expected:
                deadline = time.monotonic() + host_tcp.IO_TIMEOUT_S
                closed = all(h.wait_closed(max(0.0, deadline - time.monotonic())) for h in self._held)
                result = "closed" if closed else "open"
            for held in self._held:
                held.close()
            self._held.clear()
            return result
        return ""

    def _tcp_read(self, count: int, retry: bool) -> str:
        assert self.host_port is not None
        first = ""
        for i in range(count):
            ready_by = time.monotonic() + (HTTP_READY_S if retry and i == 0 else 0)
            while (got := host_tcp.read_line(self.host_port)) == "refused" and time.monotonic() < ready_by:
                time.sleep(HTTP_RETRY_S)  # polling: nothing tells the host when the guest listens
            if i == 0:
                first = got
            elif got != first:
                return f"connection {i + 1}: {got}"
        return first


def _split_action(text: str) -> tuple[str, str]:
    request, _, expected = text.partition("->")
    return request.strip(), expected.strip()



# --------------------------------------------------------------------------- driving


class FilterError(Exception):
    """`--test_filter` asked for something this golden cannot give."""


def select_blocks(old: Golden, pattern: str | None) -> list[Block] | None:
    """The blocks `pattern` selects (None: no filter, the whole golden). A pattern with
    `*`, `?` or `[` is a glob over whole block names, any other text a part of one."""
    if not pattern:
        return None
    every = golden.blocks(old)
    selectable = [b for b in every if b.selectable]
    if not selectable:
        raise FilterError(
            f"--test_filter={pattern!r}: {old.path} has no blocks to select (typed commands, "
            "@host actions, or named blocks: a line ending in ':' followed by indented lines); "
            "run the whole test")  # fmt: skip
    glob = any(c in pattern for c in "*?[")
    chosen = [b for b in selectable if (fnmatch.fnmatchcase(b.name, pattern) if glob else pattern in b.name)]
    if not chosen:
        names = ", ".join(repr(b.name) for b in selectable)
        raise FilterError(f"--test_filter={pattern!r} selects no block of {old.path}; its blocks: {names}")
    return chosen


class StepClock:
    """When each block of the golden was done, for the JUnit times."""

    def __init__(self, blocks: list[Block]) -> None:
        self.start = time.monotonic()
        self.blocks = blocks
        self.done_at: list[float | None] = [None] * len(blocks)

    def advance(self, position: int) -> None:
        now = time.monotonic()
        for k, block in enumerate(self.blocks):
            if self.done_at[k] is None and block.end <= position:
                self.done_at[k] = now

    def duration(self, k: int, end: float) -> float:
        begin = max([t for t in self.done_at[:k] if t is not None], default=self.start)
        return max((self.done_at[k] or end) - begin, 0.0)


def drive_test(console: Console, matcher: Matcher, kind: str, stop_after: int | None = None) -> bool:
    """Runs the golden against the console until it is done (or, with `stop_after`, that
    many steps are), fails or QEMU exits. True if it stopped early for a filter."""
    console.sink = matcher
    steps = matcher.golden.steps
    last = steps[-1] if steps else None
    end = len(steps) if stop_after is None else stop_after
    while matcher.failure is None and matcher.position < end and (step := matcher.peek()) is not None:
        if isinstance(step, Typed):
            if not console.type_line(step.text, step.line_no):
                break
        elif step is last and _is_final_prompt(console, step, matcher):
            console.flush_partial()
            return False
        elif not console.pump(f"golden line {step.line_no}: {step.source}", step.line_no):
            break
    if matcher.failure is None and matcher.position >= end and end < len(steps):
        return True
    if matcher.failure is None and not console.eof:
        if kind == "variant":
            console.wait_until(lambda: False, "QEMU to exit (the golden is complete)")
        else:
            console.wait_until(console.at_prompt, "the prompt after the last golden line")
    if matcher.expect_end() is not None:
        console.drain()
    return False


def _is_final_prompt(console: Console, step: Expect, matcher: Matcher) -> bool:
    """The golden's last line is the prompt, which is never followed by a newline."""
    return console.at_prompt() and step.pattern.match(console.partial, matcher.bindings) is not None


def drive_update(console: Console, old: Golden, host: HostActions, kind: str) -> list[tuple[int, str]]:
    """Replays the old golden's typed lines and host actions, judging nothing; returns where
    the actions ran. An action that followed N output lines of a command in the old golden
    runs after N lines of that command now (or when the prompt is back, if fewer came)."""
    actions: list[tuple[int, str]] = []
    base = offset = 0
    for step in old.steps:
        if isinstance(step, Expect):
            offset += 1
        elif isinstance(step, HostAction):
            due = base + offset
            if not console.wait_until(lambda: len(console.lines) >= due or console.at_prompt(), step.source):
                break
            actions.append((len(console.lines), host.record(step)))
            console.touch()
        elif console.type_line(step.text):
            base, offset = console.typed_at[-1] + 1, 0
        else:
            break
    if kind == "variant":
        console.wait_until(lambda: False, "QEMU to exit")
    elif not console.eof:
        console.wait_until(console.at_prompt, "the prompt after the last typed line")
    return actions


def interact(vm: qemu.Qemu, stdin: int, out: BinaryIO) -> None:
    """Hands the console to the user until QEMU exits, stdin ends or Ctrl-A X is typed
    (as in `bazel run //:boot`)."""
    saved = termios.tcgetattr(stdin) if os.isatty(stdin) else None
    if saved is not None:
        tty.setraw(stdin)
    try:
        pending_ctrl_a = False
        while True:
            chunk = vm.read(3600.0, wake=(stdin,))
            if chunk == b"":
                return
            if chunk:
                out.write(chunk)
                out.flush()
                continue
            if not select.select([stdin], [], [], 0)[0]:
                continue
            data = os.read(stdin, 1024)
            if not data:
                return
            if pending_ctrl_a:
                data, pending_ctrl_a = CTRL_A + data, False
            cut = data.find(CTRL_A)
            if cut >= 0 and cut + 1 == len(data):
                data, pending_ctrl_a = data[:cut], True
            elif cut >= 0 and data[cut + 1 : cut + 2] in (b"x", b"X"):
                vm.send(data[:cut])
                return
            vm.send(data)
    finally:
        if saved is not None:
            termios.tcsetattr(stdin, termios.TCSADRAIN, saved)


# --------------------------------------------------------------------------- verdict


@dataclass
class Verdict:
    """The failure class (None: passed), the golden line it is about, the lines that explain it."""

    cls: str | None
    details: list[str]
    line_no: int | None = None


def classify(failure: Mismatch | None, stop: Stop | None, lines: list[str], status: int | None,
             expect_exit: int, must_exit: bool) -> Verdict:  # fmt: skip
    """One verdict from both channels. The transcript comes first: a panic or a diff says more
    than the exit status it caused. `must_exit`: the run is over only when QEMU exits (a
    variant); a session's status counts only if QEMU exited by itself."""
    if failure is not None:
        panic = _unexpected_panic(failure, lines)
        if panic is not None:
            end = next((i for i in range(panic, len(lines)) if PANIC_END in lines[i]), len(lines) - 1)
            report = lines[panic : min(end + 1, panic + PANIC_REPORT_LINES)]
            expected = failure.expected[0][1] if failure.expected else "<end of golden>"
            cls = panic_class(lines[panic])
            what = "panicked" if cls == "panic" else f"stopped on a {cls.upper()} report"
            head = f"the kernel {what} at transcript line {panic + 1}; the golden expects line {failure.line_no}: {expected}"
            return Verdict(cls, [head, *report], failure.line_no)
        cls = "early-eof" if failure.kind == "missing" else "mismatch"
        return Verdict(cls, [failure.render(located=False).rstrip()], failure.line_no)
    if stop is not None:
        awaited = f"{stop.why} while waiting for {stop.what}" if stop.why else f"waiting for {stop.what}"
        tail = _tail(f"last {HANG_TAIL_LINES} lines of the transcript:", lines, HANG_TAIL_LINES)
        return Verdict(stop.cls, [awaited, *tail], stop.line_no)
    if must_exit and status is None:
        return Verdict("hang", ["the console closed but QEMU did not exit"])
    if status is not None and status != expect_exit:
        return Verdict("exit-status", [f"QEMU exit status {status}, expected {expect_exit}"])
    return Verdict(None, [])


def panic_class(line: str) -> str:
    """`panic`, or the sanitizer whose report the panic line starts (ubsan, kasan)."""
    rest = line.split(PANIC_MARK, 1)[-1].lstrip(": ")
    return next((cls for tool, cls in SANITIZER_CLASSES.items() if rest.startswith(tool + ":")), "panic")


def _unexpected_panic(failure: Mismatch, lines: list[str]) -> int | None:
    """Index of a panic line the golden did not match (at or after the failing line)."""
    if failure.kind not in ("mismatch", "unexpected"):
        return None
    first = max(failure.transcript_line - 1, 0)
    return next((i for i in range(first, len(lines)) if PANIC_MARK in lines[i]), None)


def _tail(title: str, lines: list[str], n: int = 5) -> list[str]:
    return [title, *(f"  {line}" for line in lines[-n:])] if lines else ["(no output)"]


# --------------------------------------------------------------------------- the run


@dataclass
class Outputs:
    """Where a run keeps its files (qemu.argv, qemu.stderr, serial.log, transcript.txt) and
    how the report names them. `serial_log` is the plain serial log a user opens."""

    dir: Path
    shown: str
    serial_log: str
    extra_logs: list[Path] = field(default_factory=list)  # also get every transcript line

    def run_dir(self, name: str) -> Path:
        path = self.dir / name
        path.mkdir(parents=True, exist_ok=True)
        return path


@contextmanager
def open_outputs(args: argparse.Namespace, env: dict[str, str]) -> Iterator[Outputs]:
    """Bazel's dirs, never the system's temporary directory (unless removed again):
    - `bazel test`: the undeclared outputs (zipped by bazel into test.outputs/outputs.zip),
      and the serial log also as the test's annotations file, which bazel keeps unzipped
      (.bazel/testlogs/<package>/<name>/test.outputs_manifest/ANNOTATIONS);
    - `bazel run` (.repro, .update): .bazel/runs/<package>/<name>.<mode>/ in the workspace,
      the last run's files (.bazel/ holds bazel's links and is ignored by git and //...);
    - `--outputs DIR`: that directory; otherwise a temporary one, removed at the end."""
    package, _, name = (args.label or "").lstrip("/").partition(":")
    name = name or Path(args.golden).stem
    if env.get("TEST_UNDECLARED_OUTPUTS_DIR"):
        path = Path(env["TEST_UNDECLARED_OUTPUTS_DIR"])
        path.mkdir(parents=True, exist_ok=True)
        target = env.get("TEST_TARGET", "")
        logs = f".bazel/testlogs/{target[2:].replace(':', '/')}" if target.startswith("//") else None
        extra, serial = [], str(path / "transcript.txt")
        if env.get("TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR"):
            part = Path(env["TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR"]) / "serial_log.part"
            extra, serial = [part], f"{logs}/test.outputs_manifest/ANNOTATIONS" if logs else str(part)
        yield Outputs(path, f"{logs}/test.outputs/outputs.zip" if logs else str(path), serial, extra)
    elif args.outputs or env.get("BUILD_WORKSPACE_DIRECTORY"):
        if args.outputs:
            path = shown = Path(args.outputs)
        else:
            shown = Path(".bazel/runs") / package / f"{name}.{args.mode}"
            path = Path(env["BUILD_WORKSPACE_DIRECTORY"]) / shown
            shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        yield Outputs(path, str(shown), str(shown / "transcript.txt"))
    else:
        with tempfile.TemporaryDirectory(prefix="akuma-run-") as tmp:
            note = "(not kept: pass --outputs DIR, or run under bazel)"
            yield Outputs(Path(tmp), note, note)


@dataclass
class Run:
    """What one QEMU run left: the transcript, exit status and where the files are."""

    lines: list[str]
    typed_at: list[int]
    actions: list[tuple[int, str]]
    failure: Mismatch | None
    stop: Stop | None
    status: int | None
    outdir: Path
    stderr: str = ""
    clock: StepClock | None = None
    filtered: bool = False  # ended after the last selected block
    header_ok: bool | None = None  # a seeded run: whether the kernel announced its seed first


def qemu_options(args: argparse.Namespace, host_port: int | None, gdb_port: int | None,
                 outdir: Path | None = None) -> qemu.Options:  # fmt: skip
    """The QEMU command line's variable part, from the runner's flags. A seeded run (and a
    recorded one) runs on the deterministic machine (schedules.py); a recording keeps its
    log (and, with qemu-img, the snapshot reverse debugging needs) in `outdir`."""
    initrd = os.path.abspath(args.initrd) if args.initrd else None
    append = args.append if args.seed is None else schedules.kernel_append(args.append, args.seed)
    deterministic = args.seed is not None or args.record
    rr: dict[str, str | None] = {}
    if args.record and outdir is not None:
        image = outdir / REPLAY_SNAPSHOT
        rr = {"rr_mode": "record", "rr_file": str(outdir / REPLAY_LOG),
              "rr_snapshot_image": str(image) if schedules.make_snapshot_image(image) else None}  # fmt: skip
    return qemu.Options(os.path.abspath(args.kernel), host_port, gdb_port, initrd=initrd, append=append,
                        memory=args.memory, smp=args.smp, trace_boot=True,
                        icount_shift=schedules.ICOUNT_SHIFT if deterministic else None,
                        icount_sleep=args.seed is None, **rr)  # type: ignore[arg-type]


def limits_of(args: argparse.Namespace) -> Limits:
    if args.gdb:  # the guest waits for gdb and may sit in a breakpoint: no limits
        return Limits(None, None, None)
    # Four vCPUs share the host's cores with the other tests' QEMUs: the same work takes
    # longer in wall time, so the silences the harness waits out do too.
    scale = 1 if args.smp == 1 else SMP_TIMEOUT_SCALE
    return Limits(args.boot_timeout * scale, args.quiet_timeout * scale, args.timeout)


def run_qemu(args: argparse.Namespace, old: Golden, outdir: Path, outputs: Outputs,
             selection: list[Block] | None = None) -> Run:  # fmt: skip
    """Boots the kernel once and drives it in the given mode; QEMU is stopped on return."""
    host_port = qemu.free_port() if args.net else None
    gdb_port = qemu.free_port() if args.gdb else None
    argv = qemu.build_argv(qemu_options(args, host_port, gdb_port, outdir))
    echo = sys.stdout.buffer if args.mode == "repro" else None
    with open(outdir / "transcript.txt", "w", encoding="utf-8") as transcript, \
            qemu.Qemu(argv, outdir) as vm:  # fmt: skip
        logs = [open(p, "w", encoding="utf-8") for p in outputs.extra_logs]
        live = (sys.stdout,) if args.mode == "test" else ()
        console = Console(vm, old.prompt, limits_of(args), echo, (transcript, *logs, *live))
        if args.smp > 1:
            console.settle_before_typing = SMP_SETTLE_S
        if args.seed is not None:
            console.header = schedules.seed_line(args.seed)
        if gdb_port is not None:
            print("QEMU waits at the first instruction. Attach gdb (the kernel's symbols loaded) with:")
            print(f"  {qemu.gdb_command(symbols_of(os.path.abspath(args.kernel)), gdb_port)}")
            print("then `continue`; the golden runs as the guest does. Ctrl-C here stops QEMU.", flush=True)
        host = HostActions(console, host_port)  # type: ignore[arg-type]
        matcher, actions, stop, clock, filtered = None, [], None, None, False
        try:
            if args.mode == "update":
                actions = drive_update(console, old, host, args.kind)
            else:
                blocks = golden.blocks(old)
                clock = StepClock(blocks)
                matcher = Matcher(old, host_check(console, host), clock.advance)
                stop_after = max(b.end for b in selection) if selection else None
                filtered = drive_test(console, matcher, args.kind, stop_after)
        except Stop as e:
            stop = e
        console.sink = None
        if args.profile and args.kind == "session" and stop is None and not console.eof:
            power_off_for_profile(console)
        console.flush_partial()
        # The console closed: QEMU is exiting (a few ms); the limits still bound the wait.
        status = vm.wait_exit(min(max(console._deadline()[0] - time.monotonic(), 0), 60.0)) if console.eof else None
        if args.keep and vm.alive():
            report_keep(args, matcher)
            interact(vm, sys.stdin.fileno(), sys.stdout.buffer)
        for log in logs:
            log.close()
    failure = matcher.failure if matcher is not None else None
    stderr = (outdir / "qemu.stderr").read_text(errors="replace")
    # The seed line is the transcript's first, but not the golden's: what is judged starts after it.
    lines, typed_at = console.lines, console.typed_at
    if console.header_ok:
        lines, typed_at = lines[1:], [k - 1 for k in typed_at]
    return Run(lines, typed_at, actions, failure, stop, status, outdir, stderr, clock, filtered, console.header_ok)


def power_off_for_profile(console: Console) -> None:
    """A coverage build writes its profile only when it powers off, which a session that
    passed never does (the runner stops QEMU): after the golden, judged no further, the
    runner types `poweroff` and waits for QEMU to exit."""
    try:
        if console.at_prompt() or console.lines and console.lines[-1] == golden.normalize(console.prompt or ""):
            console.send(b"poweroff\r")
            console.wait_until(lambda: False, "QEMU to exit after poweroff (--profile)")
    except Stop:
        print("warning: the session did not power off; no profile from this run", file=sys.stderr)


KERNEL_PROFILE = "akuma-kernel.profraw"  # kernel/debug/profile.cc's file name


def note_profiles(args: argparse.Namespace, outdir: Path) -> None:
    """profiles.txt beside the kernel's raw profile: the ELF (as built) whose coverage
    mapping reads it, for tools/coverage.sh. (User programs' profiles, prog-NAME-PID.profraw,
    are read with every program built for coverage.)"""
    if (outdir / KERNEL_PROFILE).exists():
        elf = os.path.realpath(symbols_of(args.kernel))
        (outdir / "profiles.txt").write_text(f"{KERNEL_PROFILE} {elf}\n")
        if os.environ.get("COVERAGE_DIR"):
            export_lcov(outdir / KERNEL_PROFILE, elf, Path(os.environ["COVERAGE_DIR"]))


def export_lcov(profile: Path, elf: str, coverage_dir: Path) -> None:
    """Under `bazel coverage --config=coverage`: the kernel's coverage as an lcov tracefile
    in the test's coverage directory, which Bazel's merger (@remote_coverage_tools) turns
    into the test's coverage.dat."""
    profdata = coverage_dir / "akuma-kernel.profdata"
    try:
        subprocess.run(["llvm-profdata", "merge", "-sparse", "-o", str(profdata), str(profile)], check=True,
                       capture_output=True, timeout=120)  # fmt: skip
        lcov = subprocess.run(["llvm-cov", "export", "-format=lcov", elf, "-instr-profile", str(profdata)],
                              check=True, capture_output=True, text=True, timeout=300).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError) as e:
        print(f"warning: no lcov from the kernel's profile: {e}", file=sys.stderr)
        return
    finally:
        profdata.unlink(missing_ok=True)
    (coverage_dir / "akuma_kernel.dat").write_text(lcov)


def host_check(console: Console, host: HostActions) -> Callable[[HostAction], str | None]:
    """The matcher's host-action callback. After an action (which may take seconds, e.g.
    waiting for the guest to close a connection) the silence limit counts from its end."""

    def check(step: HostAction) -> str | None:
        try:
            return host.check(step)
        finally:
            console.touch()

    return check


def report_keep(args: argparse.Namespace, matcher: Matcher | None) -> None:
    done = "is done" if matcher is None or matcher.failure is None else "failed (the report follows when QEMU ends)"
    print(f"\n--keep: the golden {done}; QEMU keeps running. Type at the console; Ctrl-A X stops QEMU.", flush=True)


def write_update(args: argparse.Namespace, old: Golden, runs: list[Run]) -> Path:
    """Writes the fresh golden to the source tree, says which values varied between the runs
    (and the patterns proposed for them), and prints a short diff against the old golden."""
    target = Path(args.golden)
    workspace = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if workspace and args.golden_src_path:
        target = Path(workspace) / args.golden_src_path
    first = runs[0]
    header = old.header or ([f"# golden for {args.label}"] if args.label else [])
    comparison = variance.compare([run.lines for run in runs], set(first.typed_at))
    where: dict[int, int] = {}
    new = golden.render_golden("".join(line + "\n" for line in first.lines), old.prompt, first.typed_at,
                               first.actions, header, old, comparison.proposals(), comparison.others(), where)  # fmt: skip
    shown = args.golden_src_path or str(target)
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    diff = list(difflib.unified_diff(before.splitlines(), new.splitlines(), "old", "new", n=1, lineterm=""))
    print("\n".join(diff[:80] + (["..."] if len(diff) > 80 else [])) if diff else "(no change)")
    print(f"{len(runs)} runs compared (--runs); a number, time or address that differs between them becomes a pattern")
    new_lines = new.splitlines()
    for note in comparison.notes(lambda i: f"{shown}:{where[i]}" if i in where else f"transcript line {i + 1}"):
        print(note)
    for i, var in sorted(comparison.varying.items()):
        if i in where and var.pattern is not None and new_lines[where[i] - 1] != var.pattern:
            print(f"{shown}:{where[i]}: kept the old golden's pattern, which matches every run")
    target.write_text(new, encoding="utf-8")
    return target


def report(args: argparse.Namespace, verdict: Verdict, run: Run, outputs: Outputs) -> None:
    """Prints the verdict once; a failure names its class and golden line first and ends
    with the command that reproduces it. The last line names the serial log."""
    label = args.label or args.golden
    if verdict.cls is None:
        ending = "stopped by the runner" if run.status is None else f"exit status {run.status}"
        what = f", up to --test_filter={args.filter!r}" if run.filtered else ""
        print(f"PASS: {label} ({len(run.lines)} lines{what}, QEMU {ending})")
    else:
        at = f" at {args.golden_src_path or args.golden}:{verdict.line_no}" if verdict.line_no else ""
        print(f"FAIL({verdict.cls}): {label}{at}")
        print("\n".join(verdict.details))
        if verdict.cls == "panic":
            frames = symbolize.symbolize_frames(symbols_of(args.kernel), verdict.details)
            if frames:
                print("\n".join(["backtrace, symbolized:", *frames]))
        elif verdict.cls in SANITIZER_CLASSES.values():
            # A sanitizer's report has several stacks (KASAN: allocated, freed, the access).
            symbolized = symbolize.symbolize_report(symbols_of(args.kernel), verdict.details[1:])
            if symbolized:
                print("\n".join(["report, symbolized:", *symbolized]))
        stderr = qemu.shown_stderr(run.stderr)
        if stderr:
            print("\n".join(_tail("qemu.stderr:", stderr, STDERR_TAIL_LINES)))
        print(f"reproduce: {repro_command(args)}")
    print(f"outputs: {outputs.shown} (qemu.argv qemu.stderr serial.log transcript.txt)")
    print(f"serial log: {outputs.serial_log}")


def symbols_of(image: str) -> str:
    """The ELF with the symbols of a kernel Image: NAME.elf beside NAME.img."""
    return image[: -len(".img")] + ".elf" if image.endswith(".img") else image


def repro_command(args: argparse.Namespace) -> str:
    """The one command that runs this test again with the live console."""
    if args.label:
        seed = f" -- --seed={args.seed}" if args.seed is not None else ""
        return f"bazel run {args.label}.repro{seed}"
    argv, skip = [], False
    for a in sys.argv[1:]:
        if skip or a.startswith("--mode="):
            skip = False
            continue
        if a == "--mode":
            skip = True
            continue
        argv.append(a)
    seed = ["--seed", str(args.seed)] if args.seed is not None and "--seed" not in argv else []
    return shlex.join([sys.executable, os.path.abspath(sys.argv[0]), *argv, *seed, "--mode", "repro"])


def junit_cases(args: argparse.Namespace, old: Golden, run: Run, verdict: Verdict,
                selection: list[Block] | None) -> list[junit.Case]:  # fmt: skip
    """One testcase per block of the golden (the selected ones, with --test_filter), and one
    for the exit status of a variant."""
    assert run.clock is not None
    end = time.monotonic()
    blocks = run.clock.blocks
    failing = None
    if verdict.cls is not None and verdict.line_no is not None:
        failing = next((k for k, b in enumerate(blocks)
                        if old.steps[b.first].line_no <= verdict.line_no <= old.steps[b.end - 1].line_no), None)  # fmt: skip
    elif verdict.cls is not None and verdict.cls != "exit-status":
        failing = next((k for k, t in enumerate(run.clock.done_at) if t is None), None)
    chosen = {b.first for b in selection} if selection else None
    cases = []
    for k, block in enumerate(blocks):
        if chosen is not None and block.first not in chosen and k != failing:
            continue
        case = junit.Case(block.name, f"golden line {block.line_no}", run.clock.duration(k, end))
        if k == failing:
            case.failure = (verdict.cls or "", f"{verdict.cls} at golden line {verdict.line_no or block.line_no}",
                            "\n".join(verdict.details))  # fmt: skip
        elif run.clock.done_at[k] is None:
            case.skipped = "not reached" if not run.filtered else "after the last block --test_filter selected"
        cases.append(case)
    if args.kind == "variant" and not run.filtered:
        case = junit.Case("QEMU exit status", f"expected {args.expect_exit}", 0.0)
        if verdict.cls is not None and (verdict.cls == "exit-status" or failing is None):
            case.failure = (verdict.cls, verdict.details[0], "\n".join(verdict.details))
        elif run.status is None:
            case.skipped = "QEMU did not exit by itself"
        cases.append(case)
    elif verdict.cls is not None and failing is None:  # after the last block, e.g. the final prompt never came
        cases.append(junit.Case("end of the session", "", 0.0, (verdict.cls, verdict.details[0], "\n".join(verdict.details))))
    return cases


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mode", choices=("test", "update", "repro", "stress", "replay"), default="test")
    p.add_argument("--kind", choices=("variant", "session"), required=True)
    p.add_argument("--kernel", required=True, help="the kernel Image (NAME.img; NAME.elf beside it has the symbols)")
    p.add_argument("--golden", required=True, help="the golden file to read")
    p.add_argument("--golden-src-path", help="its path in the workspace, for --mode update")
    p.add_argument("--prompt", default="akuma:/> ", help="the shell prompt (sessions)")
    p.add_argument("--expect-exit", type=int, default=0, help="QEMU's expected exit status")
    p.add_argument("--boot-timeout", type=float, default=20, help="seconds until the kernel shows it runs")
    p.add_argument("--quiet-timeout", type=float, default=10,
                   help="seconds without output, while waiting for output, that make a hang")  # fmt: skip
    p.add_argument("--timeout", type=float, default=120, help="seconds for the whole run (a backstop)")
    p.add_argument("--label", help="the bazel target, for the reproduce command")
    p.add_argument("--net", action="store_true", help="forward a free host port to guest :8080")
    p.add_argument("--initrd", help="an initramfs for QEMU's -initrd")
    p.add_argument("--append", help="the kernel command line (QEMU's -append)")
    p.add_argument("--memory", default="128M", help="guest RAM (QEMU's -m)")
    p.add_argument("--smp", type=int, default=1, help="CPUs (QEMU's -smp); boot and quiet timeouts scale up above 1")
    p.add_argument("--filter", help="run the golden up to the last block this selects (tests: --test_filter)")
    p.add_argument("--runs", type=int,
                   help="--mode update: runs to compare for values that vary (2); --mode repro with --seed: runs "
                        "whose serial logs must be identical (1)")  # fmt: skip
    p.add_argument("--seed", type=int,
                   help="a replayable schedule: the deterministic machine and the kernel's seeded scheduler "
                        "(harness/schedules.py); the same seed gives the same transcript")  # fmt: skip
    p.add_argument("--seeds", default="200", help="--mode stress: N (1..N), A-B, or a list of them")
    p.add_argument("--jobs", type=int, help="--mode stress: runs at a time (default: the CPUs)")
    p.add_argument("--record", action="store_true",
                   help="--mode repro: keep QEMU's record/replay log of the run, for --mode replay")  # fmt: skip
    p.add_argument("--gdb", action="store_true", help="--mode repro: QEMU waits for gdb; prints the command")
    p.add_argument("--keep", action="store_true", help="--mode repro: keep QEMU running at the end, for typing")
    p.add_argument("--outputs", help="keep the run's files here (default: bazel's dirs)")
    p.add_argument("--profile", action="store_true",
                   help="a coverage build (--config=coverage): end a session with `poweroff`, so the kernel writes "
                        "its profile, and name the binary of each profile in profiles.txt")  # fmt: skip
    args = p.parse_args(argv)
    if args.mode not in ("repro", "replay") and (args.gdb or args.keep):
        p.error("--gdb and --keep are for --mode repro and replay (bazel run :NAME.repro -- --gdb)")
    if args.record and args.mode != "repro":
        p.error("--record is for --mode repro (bazel run :NAME.repro -- --record)")
    if not 1 <= args.smp <= 8:
        p.error("--smp must be 1 to 8 (QEMU virt with GICv2)")
    if args.runs is not None and args.runs < 1:
        p.error("--runs must be at least 1")
    if args.runs is not None and args.runs > 1 and args.mode == "repro" and args.seed is None:
        p.error("--runs with --mode repro compares seeded runs: give --seed")
    return args


def fit_bazel_timeout(timeout: float, env: dict[str, str]) -> float:
    """The run's own deadline, kept inside bazel's test timeout (TEST_TIMEOUT) with room to
    drain and report: a stuck kernel then fails as `hang` with its transcript and the repro
    command, instead of being killed by bazel with nothing said."""
    limit = env.get("TEST_TIMEOUT")
    if not limit:
        return timeout
    return max(min(timeout, float(limit) - BAZEL_TIMEOUT_MARGIN_S), 1.0)


# --------------------------------------------------------------------------- schedules

# A recording's files, in the .repro run's directory (qemu.py: rr=record).
REPLAY_LOG = "replay.bin"
REPLAY_SNAPSHOT = "replay-snapshot.qcow2"


def workspace_run_dir(args: argparse.Namespace, env: dict[str, str], mode: str) -> Path:
    """Where `bazel run` keeps a mode's files: .bazel/runs/<package>/<name>.<mode>."""
    package, _, name = (args.label or "").lstrip("/").partition(":")
    name = name or Path(args.golden).stem
    root = Path(env.get("BUILD_WORKSPACE_DIRECTORY") or ".")
    return root / ".bazel/runs" / package / f"{name}.{mode}"


def test_argv(args: argparse.Namespace) -> list[str]:
    """The runner's arguments for one plain test run of this target (stress's children)."""
    argv = ["--kind", args.kind, "--kernel", args.kernel, "--golden", args.golden, "--prompt", args.prompt,
            "--expect-exit", str(args.expect_exit), "--boot-timeout", str(args.boot_timeout),
            "--quiet-timeout", str(args.quiet_timeout), "--timeout", str(args.timeout), "--memory", args.memory,
            "--smp", str(args.smp)]  # fmt: skip
    for flag, value in (("--label", args.label), ("--golden-src-path", args.golden_src_path),
                        ("--initrd", args.initrd), ("--append", args.append)):  # fmt: skip
        if value:
            argv += [flag, value]
    return argv


def stress_main(args: argparse.Namespace, label: str, env: dict[str, str]) -> int:
    """`bazel run :NAME.stress -- --seeds=200`: the test under every seed, in parallel; the
    failing seeds, each with its class and the command that replays it."""
    try:
        seeds = schedules.parse_seeds(args.seeds)
    except ValueError as e:
        print(f"FAIL(usage): {e}")
        return 2
    base = Path(args.outputs) if args.outputs else workspace_run_dir(args, env, "stress")
    jobs = args.jobs or schedules.default_jobs()
    runner_path = os.path.abspath(sys.argv[0])
    print(f"{label}: {len(seeds)} seeds, {jobs} at a time; each seed's files in {base}/seed-S (kept if it fails)",
          flush=True)  # fmt: skip

    def child(seed: int, outdir: Path) -> list[str]:
        return [sys.executable, runner_path, *test_argv(args), "--mode", "test", "--seed", str(seed),
                "--outputs", str(outdir)]  # fmt: skip

    def progress(r: schedules.StressResult, done: int, total: int) -> None:
        if r.failure:
            print(f"  seed {r.seed}: {r.failure}", flush=True)
        elif done % 20 == 0 or done == total:
            print(f"  {done} of {total} done", flush=True)

    start = time.monotonic()
    results = schedules.stress(seeds, jobs, base, child, progress)
    failing = [r for r in results if r.failure]
    print(f"{label}: {len(failing)} of {len(results)} seeds failed ({time.monotonic() - start:.0f} s)")
    for r in failing:
        print(f"  seed {r.seed}: bazel run {label}.repro -- --seed={r.seed}")
    if failing:
        print(f"failing seeds: {' '.join(str(r.seed) for r in failing)}")
    return 1 if failing else 0


def repro_runs(args: argparse.Namespace, old: Golden, outputs: Outputs) -> int:
    """`.repro -- --seed=S --runs=2`: the seeded run again and again; every serial log must be
    the same bytes."""
    runs = []
    for i in range(args.runs):
        print(f"--- run {i + 1} of {args.runs} (seed {args.seed}) ---", flush=True)
        run = run_qemu(args, old, outputs.run_dir(f"run{i + 1}"), outputs)
        verdict = classify(run.failure, run.stop, run.lines, run.status, args.expect_exit, args.kind == "variant")
        print(f"\nrun {i + 1}: {verdict.cls or 'pass'}, QEMU exit status {run.status}")
        runs.append(run)
    first = runs[0].outdir / "serial.log"
    same = all(schedules.same_bytes(first, r.outdir / "serial.log") for r in runs[1:])
    size = first.stat().st_size if first.exists() else 0
    print(f"seed {args.seed}: the {len(runs)} serial logs are {'identical' if same else 'DIFFERENT'} "
          f"({size} bytes each{'' if same else ' in the first'}); {outputs.shown}/run*/serial.log")  # fmt: skip
    return 0 if same else 1


def replay_main(args: argparse.Namespace, label: str, env: dict[str, str]) -> int:
    """`bazel run :NAME.replay [-- --gdb]`: QEMU replays the last `.repro -- --record` run from
    its log (the same instructions, interrupts and input); with --gdb it waits for gdb, and
    reverse execution works when the recording has its snapshot."""
    record = workspace_run_dir(args, env, "repro")
    if not (record / REPLAY_LOG).exists():
        print(f"FAIL(usage): no recording in {record}: run `bazel run {label}.repro -- --record` first")
        return 2
    argv = shlex.split((record / "qemu.argv").read_text())
    argv = [a.replace("rr=record", "rr=replay") for a in argv]
    for flag in ("-S",):
        while flag in argv:
            argv.remove(flag)
    if "-gdb" in argv:
        del argv[argv.index("-gdb") : argv.index("-gdb") + 2]
    argv = [re.sub(r"hostfwd=tcp:127\.0\.0\.1:[0-9]+-", f"hostfwd=tcp:127.0.0.1:{qemu.free_port()}-", a) for a in argv]
    gdb_port = qemu.free_port() if args.gdb else None
    if gdb_port is not None:
        argv += ["-S", "-gdb", f"tcp:127.0.0.1:{gdb_port}"]
    outdir = workspace_run_dir(args, env, "replay")
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True)
    with qemu.Qemu(argv, outdir) as vm:
        console = Console(vm, None, limits_of(args), sys.stdout.buffer)
        if gdb_port is not None:
            print("QEMU replays the recording and waits at its first instruction. Attach gdb with:")
            print(f"  {qemu.gdb_command(symbols_of(os.path.abspath(args.kernel)), gdb_port)}")
            print("then e.g. `break panic`, `continue`, `reverse-stepi`, `reverse-continue`. Ctrl-C here stops QEMU.",
                  flush=True)  # fmt: skip
        try:
            console.wait_until(lambda: False, "the end of the replay")
        except Stop as e:
            print(f"\nreplay: {e.why or 'stopped'}")
        status = vm.wait_exit(5.0) if console.eof else None
    same = schedules.same_bytes(record / "serial.log", outdir / "serial.log")
    print(f"\nreplay: QEMU exit status {status}; the console {'is identical to' if same else 'DIFFERS from'} "
          f"the recording's ({outdir}/serial.log, {record}/serial.log)")  # fmt: skip
    return 0 if same else 1


def update(args: argparse.Namespace, old: Golden, outputs: Outputs) -> int:
    runs = []
    count = args.runs or 2
    for i in range(count):
        print(f"run {i + 1} of {count}...", flush=True)
        run = run_qemu(args, old, outputs.run_dir(f"run{i + 1}"), outputs)
        verdict = classify(None, run.stop, run.lines, run.status, args.expect_exit, args.kind == "variant")
        if verdict.cls in ("boot-timeout", "hang"):
            report(args, verdict, run, outputs)
            return 1
        runs.append(run)
    target = write_update(args, old, runs)
    print(f"updated {args.golden_src_path or target}")
    verdict = classify(None, None, runs[0].lines, runs[0].status, args.expect_exit, args.kind == "variant")
    if verdict.cls is not None:
        print(f"note: {' '.join(verdict.details)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = dict(os.environ)
    if args.mode == "test" and not args.filter:
        args.filter = env.get("TESTBRIDGE_TEST_ONLY") or None
    args.timeout = fit_bazel_timeout(args.timeout, env)
    qemu.install_cleanup_handlers()
    old = Golden.load(args.golden, args.prompt if args.kind == "session" else None)
    label = args.label or args.golden
    try:
        selection = select_blocks(old, args.filter)
    except FilterError as e:
        print(f"FAIL(filter): {label}\n{e}")
        if args.mode == "test" and env.get("XML_OUTPUT_FILE"):
            junit.write(env["XML_OUTPUT_FILE"], label, [junit.Case("--test_filter", "", 0.0, ("filter", str(e), str(e)))], "")
        return 1
    if args.mode == "test" and args.seed is None and env.get(schedules.SEED_ENV):
        # --config=deterministic: every test that can be seeded is.
        why = schedules.problem(args.kind, args.net, old, args.kernel)
        if why is None:
            args.seed = int(env[schedules.SEED_ENV])
        else:
            print(f"note: {label} runs unseeded: {why}")
    if args.seed is not None or args.mode == "stress":
        why = schedules.problem(args.kind, args.net, old, args.kernel)
        if why is not None:
            print(f"FAIL(usage): {label} cannot run under a seed: {why}")
            return 2
    if args.mode == "stress":
        return stress_main(args, label, env)
    if args.mode == "replay":
        return replay_main(args, label, env)
    with open_outputs(args, env) as outputs:
        if args.mode == "update":
            return update(args, old, outputs)
        if args.mode == "test":
            print(f"--- serial console of {label} ---", flush=True)
        if args.mode == "repro" and (args.runs or 1) > 1:
            return repro_runs(args, old, outputs)
        run = run_qemu(args, old, outputs.dir, outputs, selection)
        if args.profile:
            note_profiles(args, outputs.dir)
        must_exit = args.kind == "variant" and not run.filtered
        verdict = classify(run.failure, run.stop, run.lines, run.status, args.expect_exit, must_exit)
        if args.seed is not None and run.header_ok is False:
            verdict = Verdict("mismatch", [f"the kernel did not announce its seed first: expected "
                                           f"{schedules.seed_line(args.seed)!r}, got {run.lines[0]!r}"])  # fmt: skip
        print("" if args.mode == "repro" else "--- end of the serial console ---")
        if args.record:
            print(f"recorded: {outputs.shown}/{REPLAY_LOG}; replay it with: bazel run {args.label or args.golden}.replay"
                  " [-- --gdb]")  # fmt: skip
        if args.mode == "test" and env.get("XML_OUTPUT_FILE"):
            transcript = "".join(line + "\n" for line in run.lines)
            junit.write(env["XML_OUTPUT_FILE"], label, junit_cases(args, old, run, verdict, selection), transcript)
        report(args, verdict, run, outputs)
        return 0 if verdict.cls is None else 1


if __name__ == "__main__":
    sys.exit(main())
