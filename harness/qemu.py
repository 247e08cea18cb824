"""Launching QEMU for Akuma so that it never outlives the harness that started it.

QEMU runs on the slave side of a pseudo-terminal (a pty, not pipes) because the kernel's
console is a terminal: QEMU puts its stdio into raw mode only when it is a tty, and the
harness must see the same bytes a user would. stderr is a pipe the harness reads beside the
console (and copies to qemu.stderr), so QEMU's own messages never mix into the transcript.

Boot is the kernel's first sign of life: its first byte on the console, or, for a kernel
whose program prints nothing for a while, QEMU's trace of the kernel enabling an interrupt
at the GIC (`-trace enable=gic_enable_irq`, one line on stderr per enabled interrupt, only
while interrupts are being set up). Every kernel does that early in boot, ours and Linux;
only a kernel that dies before it (or QEMU failing to start it) is a boot timeout.

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
import fcntl
import os
import re
import select
import shlex
import signal
import socket
import subprocess
import sys
import termios
import time
import tty
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import BinaryIO

from pexpect import EOF, TIMEOUT
from pexpect.fdpexpect import fdspawn

QEMU = "qemu-system-aarch64"
# A deterministic machine's wall clock starts here (the PL031 RTC, on virtual time).
DETERMINISTIC_RTC = "2024-01-01T00:00:00"
# The snapshot record/replay takes at the start, which reverse execution rewinds to.
RR_SNAPSHOT = "start"
GUEST_HTTP_PORT = 8080
# Time QEMU gets to exit after SIGTERM before SIGKILL; it normally needs a few ms.
STOP_GRACE_S = 2.0
_PR_SET_PDEATHSIG = 1
# The trace event that says the kernel runs (see the module doc): QEMU's GICv2 model logs it
# when the guest enables an interrupt at the distributor.
BOOT_TRACE_EVENT = "gic_enable_irq"
# Lines of QEMU's stderr that say nothing about the guest: the note QEMU prints when the
# harness stops it at the end of a run, and the boot trace.
_NOISE = re.compile(rf"^qemu-system-\w+: terminating on signal \d+|^{BOOT_TRACE_EVENT}\b")


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
    smp: int = 1  # CPUs (-smp); every QEMU test runs at 1 and at 4 (harness/defs.bzl)
    trace_boot: bool = False  # trace BOOT_TRACE_EVENT on stderr (the harness's boot signal)
    # A deterministic machine (harness/schedules.py): instructions, not the host's clock,
    # make the guest's time (-icount shift=N, sleep=off), nothing random in the device tree,
    # the RTC on virtual time. None: QEMU's usual real-time machine.
    icount_shift: int | None = None
    # With sleep=off an idle guest skips ahead to its next timer at once; a recording of a
    # session that waits for the host's typing keeps real time (sleep=on) instead.
    icount_sleep: bool = False
    # QEMU's record/replay on top of that: "record" or "replay" with its log file, and a
    # qcow2 image for the snapshot reverse debugging starts from (None: no snapshot).
    rr_mode: str | None = None
    rr_file: str | None = None
    rr_snapshot_image: str | None = None


def build_argv(opts: Options) -> list[str]:
    """The QEMU command line. `-nic none` without networking: the default NIC is a PCI device
    whose option ROM (efi-virtio.rom) Debian's qemu-system-arm does not ship."""
    console = "stdio,id=con,signal=off" + (",mux=on" if opts.interactive else "")
    machine = "virt" if opts.icount_shift is None else "virt,dtb-randomness=off"
    argv = [
        # Named threads: Qemu.busy_cpus finds the vCPU threads ("CPU N/TCG") by name.
        QEMU, "-name", "akuma,debug-threads=on", "-M", machine, "-cpu", "cortex-a72", "-m", opts.memory, "-smp", str(opts.smp),
        "-nographic", "-monitor", "none", "-chardev", console, "-serial", "chardev:con",
        # Semihosting (the guest's exit status) from user mode too: a coverage build's
        # programs write their profiles that way (programs/coverage), whichever harness
        # mode runs them.
        "-semihosting-config", "enable=on,userspace=on", "-no-reboot", "-kernel", opts.kernel,
    ]  # fmt: skip
    if opts.initrd is not None:
        argv += ["-initrd", opts.initrd]
    if opts.append is not None:
        argv += ["-append", opts.append]
    if opts.icount_shift is not None:
        icount = f"shift={opts.icount_shift},sleep={'on' if opts.icount_sleep else 'off'}"
        if opts.rr_mode is not None:
            icount += f",rr={opts.rr_mode},rrfile={opts.rr_file}"
            if opts.rr_snapshot_image is not None:
                icount += f",rrsnapshot={RR_SNAPSHOT}"
                argv += ["-drive", f"file={opts.rr_snapshot_image},if=none,id=rrsnapshot"]
        argv += ["-icount", icount, "-rtc", f"base={DETERMINISTIC_RTC},clock=vm"]
    if opts.host_port is None:
        argv += ["-nic", "none"]
    else:
        fwd = f"hostfwd=tcp:127.0.0.1:{opts.host_port}-:{GUEST_HTTP_PORT}"
        argv += ["-netdev", f"user,id=net0,{fwd}", "-device", "virtio-net-device,netdev=net0"]
        if opts.rr_mode is not None:  # the network's packets are part of the record
            argv += ["-object", "filter-replay,id=replay,netdev=net0"]
    if opts.trace_boot:
        argv += ["-trace", f"enable={BOOT_TRACE_EVENT}"]
    if opts.gdb_port is not None:
        argv += ["-S", "-gdb", f"tcp:127.0.0.1:{opts.gdb_port}"]
    return argv


def gdb_command(kernel: str, gdb_port: int) -> str:
    """The command that attaches gdb, with the kernel's symbols, to QEMU's gdb stub."""
    return shlex.join(["gdb-multiarch", "-q", kernel, "-ex", f"target remote 127.0.0.1:{gdb_port}"])


def shown_stderr(text: str) -> list[str]:
    """QEMU's stderr as worth showing in a report: without the noise lines (_NOISE)."""
    return [line for line in text.splitlines() if line.strip() and not _NOISE.match(line)]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now. QEMU binds it a moment later;
    the small window is acceptable for `bazel run` (tests run in their own network namespace)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    they arrive so a killed harness still leaves them); QEMU runs there, so files the guest
    writes by semihosting (a coverage profile) land there too.
    """

    def __init__(self, argv: list[str], outdir: Path) -> None:
        self.argv = argv
        self.outdir = outdir
        self.status: int | None = None  # QEMU's exit status, if it exited by itself
        self.booted = False  # the boot trace came (see the module doc)
        self._proc: subprocess.Popen[bytes] | None = None
        self._pidfd = -1
        self._console: fdspawn | None = None
        self._log: BinaryIO | None = None
        self._stderr_fd = -1
        self._stderr_log: BinaryIO | None = None
        self._stderr_rest = b""
        self._stopping = False

    def __enter__(self) -> Qemu:
        (self.outdir / "qemu.argv").write_text(shlex.join(self.argv) + "\n")
        master, slave = _raw_pty()
        err_read, err_write = os.pipe()
        parent = os.getpid()
        try:
            # In the outputs directory: files the guest writes through semihosting (an
            # instrumented kernel's coverage profile) land beside the serial log.
            self._proc = subprocess.Popen(
                self.argv, stdin=slave, stdout=slave, stderr=err_write, cwd=self.outdir,
                start_new_session=True, preexec_fn=lambda: _die_with_parent(parent),
            )  # fmt: skip
        except BaseException:
            os.close(master)
            os.close(err_read)
            raise
        finally:
            os.close(slave)
            os.close(err_write)
        _live.add(self)
        fcntl.fcntl(err_read, fcntl.F_SETFL, fcntl.fcntl(err_read, fcntl.F_GETFL) | os.O_NONBLOCK)
        self._stderr_fd = err_read
        self._stderr_log = open(self.outdir / "qemu.stderr", "wb")
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

    def busy_cpus(self) -> int | None:
        """How many guest CPUs run now: QEMU's vCPU threads that are running or runnable on
        the host (a CPU waiting in WFI sleeps); None if none were found."""
        busy, found = 0, False
        try:
            tasks = list(Path(f"/proc/{self.pid}/task").iterdir())
        except OSError:
            return None
        for task in tasks:
            try:
                if not (task / "comm").read_text().startswith("CPU "):
                    continue
                stat = (task / "stat").read_text()
            except OSError:  # the thread ended
                continue
            found = True
            busy += stat[stat.rindex(")") + 2] == "R"  # the state follows "(comm) "
        return busy if found else None

    def wait_quiet(self, limit: float, samples: int = 3, interval: float = 0.002) -> bool:
        """Waits until no guest CPU runs (busy_cpus) in `samples` samples in a row, at most
        `limit` seconds; whether it did. A best effort: the guest has no more work queued
        that would show in what the next typed command observes (a server finishing a
        connection on another CPU while `ps` lists it)."""
        deadline = time.monotonic() + limit
        quiet = 0
        while (busy := self.busy_cpus()) is not None:
            quiet = quiet + 1 if busy == 0 else 0
            if quiet >= samples:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(interval)
        return False

    def read(self, timeout: float, wake: tuple[int, ...] = ()) -> bytes | None:
        """The next chunk of serial output; b'' once QEMU closed the console (it exited).
        None if nothing came within `timeout` seconds, and also early when QEMU's state
        changed (`booted` became true) or a file descriptor in `wake` became readable: the
        caller looks again at what it waits for."""
        assert self._console is not None and self._log is not None
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            fds = [self._console.child_fd, *wake] + ([self._stderr_fd] if self._stderr_fd >= 0 else [])
            ready, _, _ = select.select(fds, [], [], max(deadline - time.monotonic(), 0.0))
            if not ready:
                return None
            if self._stderr_fd in ready and self._take_stderr():
                return None
            if any(fd in ready for fd in wake):
                return None
            if self._console.child_fd in ready:
                try:
                    chunk = self._console.read_nonblocking(4096, 0)
                except TIMEOUT:
                    continue
                except EOF:
                    return b""
                self._log.write(chunk)
                self._log.flush()
                return chunk

    def send(self, data: bytes) -> None:
        """Types `data` on the serial console."""
        assert self._console is not None
        self._console.send(data)

    def stderr_text(self) -> str:
        """What QEMU wrote to stderr so far (all of it, noise included)."""
        return (self.outdir / "qemu.stderr").read_text(errors="replace")

    def wait_exit(self, timeout: float) -> int | None:
        """QEMU's exit status if it exits within `timeout` seconds (then it is reaped)."""
        if self.status is None and self._pidfd >= 0 and self._exited_within(timeout):
            self._reap(record=True)
        return self.status

    def alive(self) -> bool:
        return self._pidfd >= 0 and not self._exited_within(0)

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
            while self._stderr_fd >= 0 and self._take_stderr() is not None:
                pass  # what QEMU wrote before it ended
        finally:
            self._close()

    def _take_stderr(self) -> bool | None:
        """Copies what is waiting on QEMU's stderr to qemu.stderr: True if it brought the boot
        trace, None at its end (QEMU exited) or when nothing is waiting."""
        assert self._stderr_log is not None
        try:
            data = os.read(self._stderr_fd, 65536)
        except BlockingIOError:
            return None
        if not data:
            os.close(self._stderr_fd)
            self._stderr_fd = -1
            return None
        self._stderr_log.write(data)
        self._stderr_log.flush()
        lines = (self._stderr_rest + data).split(b"\n")
        self._stderr_rest = lines.pop()
        if not self.booted and any(line.startswith(BOOT_TRACE_EVENT.encode()) for line in lines):
            self.booted = True
            return True
        return False

    def _close(self) -> None:
        for closer in (self._console, self._log, self._stderr_log):
            if closer is not None and not closer.closed:
                closer.close()
        for fd in (self._pidfd, self._stderr_fd):
            if fd >= 0:
                os.close(fd)
        self._pidfd = self._stderr_fd = -1
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
