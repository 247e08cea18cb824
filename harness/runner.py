"""The one entry point of every QEMU test target: boot a kernel image and judge its console.

    runner.py --mode {test,update,repro} --kind {variant,session} --kernel PATH --golden PATH
              [--golden-src-path golden/foo.golden] [--prompt 'akuma:/> '] [--expect-exit N]
              [--boot-timeout S] [--timeout S] [--label //pkg:name] [--net]
              [--initrd PATH] [--append CMDLINE] [--memory SIZE]

A *variant* runs one program and powers QEMU off; its verdict is QEMU's exit status (the guest's
semihosting exit) plus its transcript. A *session* is the full kernel driven like a user would:
for every typed golden line the runner waits for the prompt, types the text in small chunks,
each only after the previous one echoed, then Enter; `@host` lines run on the host in between.

Every output line is matched as it arrives, so a failure is reported as soon as it happens.
Waiting is always on QEMU's output or exit, bounded by two deadlines from the start of the run:
`--boot-timeout` for the first byte and `--timeout` for the whole run (a kernel that keeps
printing without ever finishing is a hang too). Failure classes, each printed as
`FAIL(<class>): <label>` and followed by the command that reproduces it:
boot-timeout, panic, mismatch, early-eof, hang, exit-status.

A session ends when its golden is done and the shell shows its prompt again; the runner then
stops QEMU (SIGTERM) rather than typing `poweroff`, which would add output the golden does not
have. Its exit status is checked only if QEMU exited by itself (a golden ending in `poweroff`).
"""

from __future__ import annotations

import argparse
import codecs
import difflib
import http.client
import os
import random
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import golden
import host_tcp
import qemu
import symbolize
from golden import Expect, Golden, HostAction, Matcher, Mismatch, Typed

PANIC_MARK = "KERNEL PANIC"
# Bytes typed before waiting for their echo. QEMU never drops input (it stops reading while
# the PL011's 16-byte FIFO is full); pacing keeps the transcript in step with the typing.
ECHO_CHUNK = 8
# After a failure, keep reading (a panic report, diff context) until QEMU is quiet this long.
DRAIN_QUIET_S = 0.5
DRAIN_LIMIT_S = 3.0
HTTP_TIMEOUT_S = 5.0
# `@host http ... -> 200` retries while the guest refuses, e.g. a server just started with `&`.
HTTP_READY_S = 10.0
HTTP_RETRY_S = 0.1
PANIC_REPORT_LINES = 40
# Seconds kept free before bazel's own test timeout for draining and the report.
BAZEL_TIMEOUT_MARGIN_S = 10.0
STDERR_TAIL_LINES = 10


class Stop(Exception):
    """A deadline passed: `cls` is boot-timeout or hang, `what` what the runner waited for."""

    def __init__(self, cls: str, what: str) -> None:
        super().__init__(f"{cls}: waiting for {what}")
        self.cls = cls
        self.what = what


class Console:
    """QEMU's serial console as normalised lines, fed to a matcher as they complete.

    `lines` is the transcript so far; `partial` (via `at_prompt`) is the unfinished line
    where the shell's prompt waits for input.
    """

    def __init__(self, vm: qemu.Qemu, prompt: str | None, boot_timeout: float, timeout: float,
                 echo: BinaryIO | None = None) -> None:  # fmt: skip
        start = time.monotonic()
        self.vm = vm
        self.prompt = prompt
        self.boot_deadline = start + boot_timeout
        self.deadline = start + timeout
        self.echo = echo
        self.sink: Matcher | None = None
        self.lines: list[str] = []
        self.typed_at: list[int] = []  # indices in `lines` of the lines the runner typed
        self.got_output = False
        self.eof = False
        self._buffer = golden.LineBuffer()
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def failed(self) -> bool:
        return self.sink is not None and self.sink.failure is not None

    def at_prompt(self) -> bool:
        return self.prompt is not None and self._buffer.partial == golden.normalize(self.prompt)

    @property
    def partial(self) -> str:
        return self._buffer.partial

    def pump(self, what: str) -> bool:
        """Waits for the next chunk of output and feeds the lines it completes; False at EOF.
        Raises Stop if the boot or run deadline passes first."""
        deadline = self.deadline if self.got_output else min(self.boot_deadline, self.deadline)
        chunk = self.vm.read(deadline - time.monotonic())
        if chunk is None:
            raise Stop("hang" if self.got_output else "boot-timeout", what)
        self._take(chunk)
        return not self.eof

    def wait_until(self, ready: Callable[[], bool], what: str) -> bool:
        """Pumps until `ready()`; False if the console closed or the matcher failed first."""
        while not ready():
            if self.failed() or not self.pump(what):
                return False
        return True

    def type_line(self, text: str) -> bool:
        """At the prompt, types `text` paced by its echo, then Enter, and waits until the
        typed line is complete. False if the run ended (EOF or a mismatch) first."""
        assert self.prompt is not None
        if not self.wait_until(self.at_prompt, f"the prompt, to type {text!r}"):
            return False
        for end in range(ECHO_CHUNK, len(text) + ECHO_CHUNK, ECHO_CHUNK):
            self.vm.send(text[end - ECHO_CHUNK : end].encode())
            echoed = golden.normalize(self.prompt + text[:end])
            if not self.wait_until(lambda: self._buffer.partial == echoed, f"the echo of {text[:end]!r}"):
                return False
        typed = len(self.lines)
        self.typed_at.append(typed)
        self.vm.send(b"\r")
        return self.wait_until(lambda: len(self.lines) > typed, f"the echo of Enter after {text!r}")

    def drain(self) -> None:
        """After a failure, keeps what QEMU still prints (a panic report, context for the
        diff) until it exits, is quiet for DRAIN_QUIET_S, or DRAIN_LIMIT_S have passed."""
        limit = min(self.deadline, time.monotonic() + DRAIN_LIMIT_S)
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
        if self.echo is not None:
            self.echo.write(chunk)
            self.echo.flush()
        for line in self._buffer.feed(self._decoder.decode(chunk)):
            self._add(line)

    def _add(self, line: str) -> None:
        self.lines.append(line)
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
      When a status is expected, a refusal is retried for HTTP_READY_S (a server started
      with `&` may not listen yet); other results are final.
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
      if one stayed open.
    """

    def __init__(self, vm: qemu.Qemu, host_port: int | None) -> None:
        self.vm = vm
        self.host_port = host_port
        self.handlers: dict[str, Callable[[str, str], str]] = {
            "http": self._http, "key": self._key, "type": self._type, "tcp": self._tcp,
            "type-repeat": self._type_repeat, "type-random": self._type_random,
        }  # fmt: skip
        self._server: host_tcp.Server | None = None
        self._held: list[host_tcp.Held] = []

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

    def _http_once(self, method: str, path: str) -> str:
        assert self.host_port is not None
        conn = http.client.HTTPConnection("127.0.0.1", self.host_port, timeout=HTTP_TIMEOUT_S)
        try:
            conn.request(method, path)
            return str(conn.getresponse().status)
        except ConnectionError:  # refused, reset, or closed before a response
            return "refused"
        except TimeoutError:
            return "timeout"
        finally:
            conn.close()

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
            if verb in ("hold", "send", "release"):
                return self._tcp_held(verb, rest, expected)
            if verb == "echo":
                return host_tcp.echo(self.host_port, host_tcp.parse_size(rest))
            if verb == "read":
                count = int(rest[1:]) if rest.startswith("x") and rest[1:].isdigit() else 1 if not rest else 0
                if count < 1:
                    raise HostActionError(f"expected 'tcp read [xN]', got 'tcp read {rest}'")
                return self._tcp_read(count, retry=expected not in ("", "refused"))
        except host_tcp.TcpError as e:
            raise HostActionError(str(e)) from e
        raise HostActionError(f"unknown 'tcp {verb}' (known: read, echo, serve, served, hold, send, release)")

    def _tcp_held(self, verb: str, text: str, expected: str) -> str:
        assert self.host_port is not None
        if expected and verb != "release":
            raise HostActionError(f"'tcp {verb}' has no result")
        if verb == "hold":
            try:
                self._held.append(host_tcp.Held(self.host_port, text))
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


def drive_test(console: Console, matcher: Matcher, kind: str) -> None:
    """Runs the golden against the console until it is done, fails or QEMU exits."""
    console.sink = matcher
    last = matcher.golden.steps[-1] if matcher.golden.steps else None
    while matcher.failure is None and (step := matcher.peek()) is not None:
        if isinstance(step, Typed):
            if not console.type_line(step.text):
                break
        elif step is last and _is_final_prompt(console, step, matcher):
            console.flush_partial()
            return
        elif not console.pump(f"golden line {step.line_no}: {step.source}"):
            break
    if matcher.failure is None and not console.eof:
        if kind == "variant":
            console.wait_until(lambda: False, "QEMU to exit (the golden is complete)")
        else:
            console.wait_until(console.at_prompt, "the prompt after the last golden line")
    if matcher.expect_end() is not None:
        console.drain()


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
        elif console.type_line(step.text):
            base, offset = console.typed_at[-1] + 1, 0
        else:
            break
    if kind == "variant":
        console.wait_until(lambda: False, "QEMU to exit")
    elif not console.eof:
        console.wait_until(console.at_prompt, "the prompt after the last typed line")
    return actions


# --------------------------------------------------------------------------- verdict


@dataclass
class Verdict:
    """The failure class (None: passed) and the lines that explain it."""

    cls: str | None
    details: list[str]


def classify(failure: Mismatch | None, stop: Stop | None, lines: list[str], status: int | None,
             expect_exit: int, must_exit: bool) -> Verdict:  # fmt: skip
    """One verdict from both channels. The transcript comes first: a panic or a diff says more
    than the exit status it caused. `must_exit`: the run is over only when QEMU exits (a
    variant); a session's status counts only if QEMU exited by itself."""
    if failure is not None:
        panic = _unexpected_panic(failure, lines)
        if panic is not None:
            report = lines[panic : panic + PANIC_REPORT_LINES]
            return Verdict("panic", [f"transcript line {panic + 1}:", *report, "", failure.render().rstrip()])
        return Verdict("early-eof" if failure.kind == "missing" else "mismatch", [failure.render().rstrip()])
    if stop is not None:
        silence = "no serial output; " if stop.cls == "boot-timeout" else ""
        return Verdict(stop.cls, [f"{silence}waiting for {stop.what}", *_tail("last lines of the transcript:", lines)])
    if must_exit and status is None:
        return Verdict("hang", ["the console closed but QEMU did not exit"])
    if status is not None and status != expect_exit:
        return Verdict("exit-status", [f"QEMU exit status {status}, expected {expect_exit}"])
    return Verdict(None, [])


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
class Run:
    """What one QEMU run left: the transcript, exit status and where the files are."""

    lines: list[str]
    typed_at: list[int]
    actions: list[tuple[int, str]]
    failure: Mismatch | None
    stop: Stop | None
    status: int | None
    outdir: Path


def run_qemu(args: argparse.Namespace, old: Golden, outdir: Path) -> Run:
    """Boots the kernel once and drives it in the given mode; QEMU is stopped on return."""
    host_port = qemu.free_port() if args.net else None
    initrd = os.path.abspath(args.initrd) if args.initrd else None
    opts = qemu.Options(os.path.abspath(args.kernel), host_port, initrd=initrd, append=args.append, memory=args.memory)
    argv = qemu.build_argv(opts)
    echo = sys.stdout.buffer if args.mode == "repro" else None
    with qemu.Qemu(argv, outdir) as vm:
        console = Console(vm, old.prompt, args.boot_timeout, args.timeout, echo)
        host = HostActions(vm, host_port)
        matcher, actions, stop = None, [], None
        try:
            if args.mode == "update":
                actions = drive_update(console, old, host, args.kind)
            else:
                matcher = Matcher(old, host.check)
                drive_test(console, matcher, args.kind)
        except Stop as e:
            stop = e
        console.sink = None
        console.flush_partial()
        status = vm.wait_exit(max(console.deadline - time.monotonic(), 0)) if console.eof else None
    (outdir / "transcript.txt").write_text("".join(line + "\n" for line in console.lines))
    failure = matcher.failure if matcher is not None else None
    return Run(console.lines, console.typed_at, actions, failure, stop, status, outdir)


def write_update(args: argparse.Namespace, old: Golden, run: Run) -> Path:
    """Writes the fresh golden to the source tree and prints a short diff against the old."""
    target = Path(args.golden)
    workspace = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if workspace and args.golden_src_path:
        target = Path(workspace) / args.golden_src_path
    transcript = "".join(line + "\n" for line in run.lines)
    new = golden.render_golden(transcript, old.prompt, run.typed_at, run.actions, old.header, old)
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    diff = list(difflib.unified_diff(before.splitlines(), new.splitlines(), "old", "new", n=1, lineterm=""))
    print("\n".join(diff[:80] + (["..."] if len(diff) > 80 else [])) if diff else "(no change)")
    target.write_text(new, encoding="utf-8")
    return target


def report(args: argparse.Namespace, verdict: Verdict, run: Run) -> None:
    """Prints the verdict; a failure ends with the command that reproduces it."""
    label = args.label or args.golden
    if verdict.cls is None:
        ending = "stopped by the runner" if run.status is None else f"exit status {run.status}"
        print(f"PASS: {label} ({len(run.lines)} lines, QEMU {ending})")
    else:
        print(f"FAIL({verdict.cls}): {label}")
        print("\n".join(verdict.details))
        if verdict.cls == "panic":
            frames = symbolize.symbolize_frames(symbols_of(args.kernel), verdict.details)
            if frames:
                print("\n".join(["backtrace, symbolized:", *frames]))
        stderr = (run.outdir / "qemu.stderr").read_text(errors="replace").splitlines()
        if stderr:
            print("\n".join(_tail("qemu.stderr:", stderr, STDERR_TAIL_LINES)))
        print(f"reproduce: {repro_command(args)}")
    print(f"outputs: {kept_outputs_path(run.outdir)} (serial.log transcript.txt qemu.argv qemu.stderr)")


def symbols_of(image: str) -> str:
    """The ELF with the symbols of a kernel Image: NAME.elf beside NAME.img."""
    return image[: -len(".img")] + ".elf" if image.endswith(".img") else image


def kept_outputs_path(outdir: Path) -> str:
    """Where a person finds the outputs after the run: under `bazel test` the sandbox path
    is gone by then, and bazel 4 has zipped the files into .bazel/testlogs/<package>/<name>/ (the link prefix is set in .bazelrc)."""
    target = os.environ.get("TEST_TARGET", "")
    if os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR") and target.startswith("//"):
        package, _, name = target[2:].partition(":")
        return f".bazel/testlogs/{package}/{name}/test.outputs/outputs.zip"
    return str(outdir)


def repro_command(args: argparse.Namespace) -> str:
    if args.label:
        return f"bazel run {args.label}.repro"
    argv = [a if a != "test" else "repro" for a in sys.argv]
    return shlex.join([sys.executable, *argv])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mode", choices=("test", "update", "repro"), default="test")
    p.add_argument("--kind", choices=("variant", "session"), required=True)
    p.add_argument("--kernel", required=True, help="the kernel Image (NAME.img; NAME.elf beside it has the symbols)")
    p.add_argument("--golden", required=True, help="the golden file to read")
    p.add_argument("--golden-src-path", help="its path in the workspace, for --mode update")
    p.add_argument("--prompt", default="akuma:/> ", help="the shell prompt (sessions)")
    p.add_argument("--expect-exit", type=int, default=0, help="QEMU's expected exit status")
    p.add_argument("--boot-timeout", type=float, default=20, help="seconds to the first byte")
    p.add_argument("--timeout", type=float, default=120, help="seconds for the whole run")
    p.add_argument("--label", help="the bazel target, for the reproduce command")
    p.add_argument("--net", action="store_true", help="forward a free host port to guest :8080")
    p.add_argument("--initrd", help="an initramfs for QEMU's -initrd")
    p.add_argument("--append", help="the kernel command line (QEMU's -append)")
    p.add_argument("--memory", default="128M", help="guest RAM (QEMU's -m)")
    return p.parse_args(argv)


def fit_bazel_timeout(timeout: float, env: dict[str, str]) -> float:
    """The run's own deadline, kept inside bazel's test timeout (TEST_TIMEOUT) with room to
    drain and report: a stuck kernel then fails as `hang` with its transcript and the repro
    command, instead of being killed by bazel with nothing said."""
    limit = env.get("TEST_TIMEOUT")
    if not limit:
        return timeout
    return max(min(timeout, float(limit) - BAZEL_TIMEOUT_MARGIN_S), 1.0)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.timeout = fit_bazel_timeout(args.timeout, dict(os.environ))
    qemu.install_cleanup_handlers()
    old = Golden.load(args.golden, args.prompt if args.kind == "session" else None)
    outdir, temporary = qemu.output_dir()
    if temporary:
        print(f"outputs: {outdir}")
    run = run_qemu(args, old, outdir)
    if args.mode == "update":
        verdict = classify(None, run.stop, run.lines, run.status, args.expect_exit, args.kind == "variant")
        if verdict.cls in ("boot-timeout", "hang"):
            report(args, verdict, run)
            return 1
        target = write_update(args, old, run)
        print(f"updated {args.golden_src_path or target}")
        if verdict.cls is not None:
            print(f"note: {' '.join(verdict.details)}")
        return 0
    verdict = classify(run.failure, run.stop, run.lines, run.status, args.expect_exit, args.kind == "variant")
    if args.mode == "repro":
        print()
    report(args, verdict, run)
    return 0 if verdict.cls is None else 1


if __name__ == "__main__":
    sys.exit(main())
