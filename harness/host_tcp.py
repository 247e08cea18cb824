"""TCP host actions for `@host tcp ...` golden lines (see runner.HostActions).

The guest is reached through QEMU's port forward (host 127.0.0.1:PORT -> guest :8080). QEMU
accepts every host connection itself and closes it when the guest answers with RST, so a
refused connection looks like a close (or reset) before any byte: that is "refused".

The guest reaches the host at 10.0.2.2 (QEMU's user network maps its gateway to the host's
loopback), so a host server listens on 127.0.0.1 on a free port and the runner types that
port into the guest's console, where the test program reads it.
"""

from __future__ import annotations

import hashlib
import random
import socket
import threading
import time

IO_TIMEOUT_S = 20.0
ACCEPT_TIMEOUT_S = 30.0
UNITS = {"": 1, "B": 1, "KiB": 1024, "MiB": 1024 * 1024}


class TcpError(Exception):
    """Bad arguments for a tcp action."""


def parse_size(text: str) -> int:
    digits = text.rstrip("KMiB")
    unit = text[len(digits):]
    if not digits.isdigit() or unit not in UNITS:
        raise TcpError(f"bad size {text!r} (e.g. 1MiB, 64KiB, 100)")
    return int(digits) * UNITS[unit]


def read_line(port: int) -> str:
    """Connects, reads the first line the guest sends, closes. 'refused' if the connection
    ends (or is reset) before any byte."""
    data = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S) as s:
            while b"\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
    except (ConnectionError, socket.timeout) as e:
        if data:
            return f"error after data: {e}"
        return "refused" if isinstance(e, ConnectionError) else "timeout"
    if not data:
        return "refused"
    return data.split(b"\n", 1)[0].decode(errors="replace")


def echo(port: int, size: int) -> str:
    """Sends `size` pseudo-random bytes, ends the sending side, reads until EOF: 'ok' if the
    same bytes came back (SHA-256 compared), else what went wrong."""
    payload = random.Random(size).randbytes(size)
    received = bytearray()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S) as s:
            def send_all() -> None:
                try:
                    s.sendall(payload)
                    s.shutdown(socket.SHUT_WR)
                except OSError:
                    pass  # the reader sees the short echo

            sender = threading.Thread(target=send_all, daemon=True)
            sender.start()
            while chunk := s.recv(65536):
                received += chunk
            sender.join(IO_TIMEOUT_S)
    except socket.timeout:
        return f"timeout after {len(received)} bytes"
    except ConnectionError:
        if not received:
            return "refused"
        return f"reset after {len(received)} bytes"
    if len(received) != size:
        return f"short: {len(received)} of {size} bytes"
    same = hashlib.sha256(received).digest() == hashlib.sha256(payload).digest()
    return "ok" if same else "corrupted"


class Server:
    """A one-connection server on 127.0.0.1 (a free port): reads the guest's first line,
    answers `reply` and a newline, closes. `result()` waits for it: the line it read."""

    def __init__(self, reply: str) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(1)
        self._listener.settimeout(ACCEPT_TIMEOUT_S)
        self.port = self._listener.getsockname()[1]
        self._reply = reply.encode() + b"\n"
        self._got = "nothing"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._listener.accept()
        except OSError:
            self._got = "no connection"
            return
        finally:
            self._listener.close()
        with conn:
            conn.settimeout(IO_TIMEOUT_S)
            data = b""
            try:
                while b"\n" not in data and (chunk := conn.recv(4096)):
                    data += chunk
                conn.sendall(self._reply)
            except OSError as e:
                self._got = f"error: {e}"
                return
            self._got = data.split(b"\n", 1)[0].decode(errors="replace")

    def result(self) -> str:
        self._thread.join(ACCEPT_TIMEOUT_S + IO_TIMEOUT_S)
        return self._got


class Held:
    """A connection to the guest held open until close(): e.g. an idle or slow client that a
    server must not wait for. `text` (if any) is sent at once, as is (no newline)."""

    def __init__(self, port: int, text: str = "") -> None:
        self._sock = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S)
        if text:
            self._sock.sendall(text.encode())

    def send_line(self, text: str) -> None:
        self._sock.sendall(text.encode() + b"\n")

    def wait_closed(self, timeout: float) -> bool:
        """Waits up to `timeout` s for the guest to close its side (bytes it sends meanwhile
        are dropped): True if it did."""
        deadline = time.monotonic() + timeout
        try:
            while (left := deadline - time.monotonic()) > 0:
                self._sock.settimeout(left)
                if not self._sock.recv(4096):
                    return True
        except socket.timeout:
            return False
        except ConnectionError:
            return True
        return False

    def close(self) -> None:
        self._sock.close()
