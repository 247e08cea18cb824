"""Launching QEMU for Akuma so that it never outlives the harness that started it.

QEMU runs on the slave side of a pseudo-terminal (a pty, not pipes) because the kernel's
console is a terminal: QEMU puts its stdio into raw mode only when it is a tty, and the
harness must see the same bytes a user would. stderr goes to a file instead of the pty, so
QEMU's own messages never mix into the serial transcript.

The serial console is `-chardev stdio,id=con,signal=off -serial chardev:con`, not the
`-serial stdio` that `-nographic` suggests: plain `-serial stdio` leaves the terminal's ISIG
on, so Ctrl-C kills QEMU ("terminating on signal 2") instead of reaching the guest as 0x03.
Tests use no mux (every byte, Ctrl-A included, belongs to the guest; no monitor is reachable);
the interactive boot (tools/boot.py) adds `mux=on` so that Ctrl-A X can quit a hung kernel.

Cleanup, in layers: QEMU leads its own session/process group; `Qemu` is a context manager
that stops the group (SIGTERM, a short grace, SIGKILL, reap); SIGTERM/SIGINT to the harness
(bazel's timeout and Ctrl-C) and interpreter exit stop every live QEMU; and the child asks
the kernel for SIGKILL when the harness dies (PR_SET_PDEATHSIG), which covers SIGKILL too.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import select
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import termios
import tty
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType

from pexpect import EOF, TIMEOUT
from pexpect.fdpexpect import fdspawn

QEMU = "qemu-system-aarch64"
GUEST_HTTP_PORT = 8080
# Time QEMU gets to exit after SIGTERM before SIGKILL; it normally needs a few ms.
STOP_GRACE_S = 2.0
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Options:
    """What varies between QEMU runs; everything else in the command line is fixed."""

    kernel: str
    host_port: int | None = None  # forward 127.0.0.1:host_port to the guest's port 8080
    gdb_port: int | None = None  # gdb stub on 127.0.0.1:gdb_port, guest halted at reset
    interactive: bool = False  # console mux for Ctrl-A X (tools/boot.py only)
    initrd: str | None = None  # an initramfs (-initrd), e.g. for Linux or Akuma's /init
    append: str | None = None  # the kernel command line (-append)
    memory: str = "128M"  # guest RAM (-m)


def build_argv(opts: Options) -> list[str]:
    """The QEMU command line. `-nic none` without networking: the default NIC is a PCI device
    whose option ROM (efi-virtio.rom) Debian's qemu-system-arm does not ship."""
    console = "stdio,id=con,signal=off" + (",mux=on" if opts.interactive else "")
    argv = [
        QEMU, "-M", "virt", "-cpu", "cortex-a72", "-m", opts.memory, "-smp", "1",
        "-nographic", "-monitor", "none", "-chardev", console, "-serial", "chardev:con",
        "-semihosting", "-no-reboot", "-kernel", opts.kernel,
    ]  # fmt: skip
    if opts.initrd is not None:
        argv += ["-initrd", opts.initrd]
    if opts.append is not None:
        argv += ["-append", opts.append]
    if opts.host_port is None:
        argv += ["-nic", "none"]
    else:
        fwd = f"hostfwd=tcp:127.0.0.1:{opts.host_port}-:{GUEST_HTTP_PORT}"
        argv += ["-netdev", f"user,id=net0,{fwd}", "-device", "virtio-net-device,netdev=net0"]
    if opts.gdb_port is not None:
        argv += ["-S", "-gdb", f"tcp:127.0.0.1:{opts.gdb_port}"]
    return argv


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now. QEMU binds it a moment later;
    the small window is acceptable for `bazel run` (tests run in their own network namespace)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def output_dir() -> tuple[Path, bool]:
    """Where argv, stderr and logs are kept: bazel's undeclared outputs dir for tests, else a
    fresh temp dir. The flag says whether it is a temp dir (its path must then be printed)."""
    env = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR")
    if env:
        path = Path(env)
        path.mkdir(parents=True, exist_ok=True)
        return path, False
    return Path(tempfile.mkdtemp(prefix="akuma-qemu-")), True


def _die_with_parent(parent: int) -> None:
    """preexec_fn: SIGKILL this child when the harness dies, even by SIGKILL. If the parent
    is already gone (it died between fork and prctl), die now."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)


def _raw_pty() -> tuple[int, int]:
    """A pty in raw mode that also leaves '\\n' alone on output (no ONLCR), so serial.log holds
    exactly the bytes the guest sent. QEMU's own tty setup starts from these settings."""
    master, slave = os.openpty()
    tty.setraw(slave)
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.ONLCR
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    return master, slave


class Qemu:
    """A running QEMU whose serial console is read and written through a pty.

    Use as a context manager; leaving it (normally or by exception) stops the whole process
    group. Files in `outdir`: qemu.argv, qemu.stderr and serial.log (raw bytes, written as
    they arrive so a killed harness still leaves them).
    """

    def __init__(self, argv: list[str], outdir: Path) -> None:
        self.argv = argv
        self.outdir = outdir
        self.status: int | None = None  # QEMU's exit status, if it exited by itself
        self._proc: subprocess.Popen[bytes] | None = None
        self._pidfd = -1
        self._console: fdspawn | None = None
        self._log = None
        self._stopping = False

    def __enter__(self) -> Qemu:
        (self.outdir / "qemu.argv").write_text(shlex.join(self.argv) + "\n")
        master, slave = _raw_pty()
        parent = os.getpid()
        try:
            with open(self.outdir / "qemu.stderr", "wb") as stderr:
                self._proc = subprocess.Popen(
                    self.argv, stdin=slave, stdout=slave, stderr=stderr,
                    start_new_session=True, preexec_fn=lambda: _die_with_parent(parent),
                )  # fmt: skip
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        _live.add(self)
        self._pidfd = os.pidfd_open(self._proc.pid)
        self._console = fdspawn(master, timeout=None)
        self._log = open(self.outdir / "serial.log", "wb")
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self._proc is not None
        return self._proc.pid

    def read(self, timeout: float) -> bytes | None:
        """The next chunk of serial output: None if nothing came within `timeout` seconds,
        b'' once QEMU closed the console (it exited)."""
        assert self._console is not None and self._log is not None
        try:
            chunk = self._console.read_nonblocking(4096, max(timeout, 0.0))
        except TIMEOUT:
            return None
        except EOF:
            return b""
        self._log.write(chunk)
        self._log.flush()
        return chunk

    def send(self, data: bytes) -> None:
        """Types `data` on the serial console."""
        assert self._console is not None
        self._console.send(data)

    def wait_exit(self, timeout: float) -> int | None:
        """QEMU's exit status if it exits within `timeout` seconds (then it is reaped)."""
        if self.status is None and self._pidfd >= 0 and self._exited_within(timeout):
            self._reap(record=True)
        return self.status

    def stop(self) -> None:
        """Stops the process group: SIGTERM, STOP_GRACE_S to exit, SIGKILL, reap. Idempotent.
        Re-entered from a signal handler in the middle of a stop, it only SIGKILLs the group
        (waiting again there could deadlock on subprocess's wait lock)."""
        if self._stopping:
            if self._proc is not None and self._proc.returncode is None:
                self._signal_group(signal.SIGKILL)
            return
        self._stopping = True
        try:
            if self._proc is not None and self._proc.returncode is None:
                by_itself = self._exited_within(0)
                if not by_itself:
                    self._signal_group(signal.SIGTERM)
                    self._exited_within(STOP_GRACE_S)
                self._reap(record=by_itself)
        finally:
            self._close()

    def _close(self) -> None:
        for closer in (self._console, self._log):
            if closer is not None and not closer.closed:
                closer.close()
        if self._pidfd >= 0:
            os.close(self._pidfd)
            self._pidfd = -1
        _live.discard(self)

    def _exited_within(self, timeout: float) -> bool:
        """Waits for QEMU to exit without reaping it, so its pid (= the process group id)
        cannot be reused before the group is killed."""
        ready, _, _ = select.select([self._pidfd], [], [], timeout)
        return bool(ready)

    def _reap(self, record: bool) -> None:
        """SIGKILLs whatever is left in the group (the leader is dead or dying), then reaps.
        `record`: QEMU exited by itself, so its status is the guest's verdict; after our
        SIGTERM it would be QEMU's 0, which means nothing."""
        assert self._proc is not None
        self._signal_group(signal.SIGKILL)
        code = self._proc.wait()
        if record:
            self.status = code

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            pass


# Every QEMU that has been started and not yet stopped, for the signal and exit hooks.
_live: set[Qemu] = set()


def stop_all() -> None:
    for vm in list(_live):
        vm.stop()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """SIGTERM/SIGINT: stop QEMU first, then unwind normally (SystemExit) so outputs get
    written and `with` blocks close."""
    stop_all()
    print(f"harness: {signal.Signals(signum).name} received, QEMU stopped", file=sys.stderr)
    raise SystemExit(128 + signum)


def install_cleanup_handlers() -> None:
    """Called once by each entry point (not at import, so tests and tools choose)."""
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    atexit.register(stop_all)
