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
import re
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


class Dripping(Held):
    """A held connection that sends `text` one byte every `interval` s from a thread (a
    slowloris client): it stops when the text is out, the guest closes, or close()."""

    def __init__(self, port: int, text: str, interval: float = 0.5) -> None:
        super().__init__(port)
        self._text = text.encode()
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, daemon=True)
        self._thread.start()

    def _drip(self) -> None:
        for i in range(len(self._text)):
            if self._stop.wait(self._interval):
                return
            try:
                self._sock.send(self._text[i:i + 1])
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(IO_TIMEOUT_S)
        super().close()


def _http_get(port: int, close: bool) -> int:
    """One GET / on a new connection: the status. `close`: the request asks the server to
    close after the response (the server closes first); otherwise the client closes once
    the body is in (the client closes first)."""
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: load\r\n" + (b"Connection: close\r\n" if close else b"") + b"\r\n")
        return read_response(s)


def read_response(s: socket.socket, head_only: bool = False) -> int:
    """Reads one response whole: its status, or 0 if the connection ended (closed or reset)
    before any byte of it. A connection ending in the middle of one, or a head that is not an
    HTTP/1.x status line, raises ConnectionError. `head_only`: the answer to a HEAD request
    (no body, whatever Content-Length says); 204 and 304 have none either."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except ConnectionError:
        if data:
            raise
    if not data:
        return 0
    if b"\r\n\r\n" not in data:
        raise ConnectionError(f"closed after {len(data)} bytes of a response head")
    head, _, body = data.partition(b"\r\n\r\n")
    status_line = re.match(rb"HTTP/1\.[01] ([0-9]{3}) ", head)
    if not status_line:
        raise ConnectionError(f"not an HTTP/1.x status line: {head[:40]!r}")
    status = int(status_line.group(1))
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if head_only or status in (204, 304):
        length = 0
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {len(body)} of {length} body bytes")
        body += chunk
    return status


def wait_forward_accepted(port: int, timeout: float = IO_TIMEOUT_S) -> None:
    """Waits until nothing is left in the accept queue of the host listener on 127.0.0.1:port
    (read from /proc/net/tcp: a listener's rx_queue is its accept queue), i.e. until QEMU's
    port forward has taken every connection made to it so far. The forward's listener has a
    backlog of 1 (libslirp): a second connection made before QEMU took the first overflows
    the host kernel's accept queue, and the host retries the dropped SYN or handshake ACK
    only a second or more later (or, with SYN cookies, lets a burst through at once), a
    stall of the host's side of the forward that no guest can cause or cure. Nothing to wait
    for if there is no such listener. The kernel has no notification for this: it polls."""
    local = f"0100007F:{port:04X}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open("/proc/net/tcp") as table:
                rows = [line.split() for line in table.readlines()[1:]]
        except OSError:
            return
        queued = [int(r[4].split(":")[1], 16) for r in rows if len(r) > 4 and r[1] == local and r[3] == "0A"]
        if not queued or queued[0] == 0:
            return
        time.sleep(0.0005)


def keep_alive_client(port: int, requests: int, connecting: threading.Lock) -> str | None:
    """`requests` GETs of / over keep-alive connections: None, or what went wrong.

    A server may close an idle keep-alive connection at any time (httpd gives its slot to a
    new client), so a GET on a connection that has carried a response before and that ends
    before any byte of the next one is sent again, once, on a new connection, as clients do
    (RFC 9112 9.3.1, RFC 9110 9.2.2: GET is idempotent). No other retry: on a new connection
    no response is a failure, and so is a retry that fails (RFC 9110 9.2.2: a client SHOULD
    NOT retry a failed automatic retry).

    New connections are opened one at a time (`connecting` is held until the first response):
    concurrent connects would overflow the accept queue of QEMU's port forward (see
    wait_forward_accepted) -- the cause of the clients that once waited 20 s for a response
    their request never reached the guest for. With one new connection at a time, the
    server never has two fresh connections to choose between, so it never closes one before
    its first request is answered.
    """
    conn: socket.socket | None = None
    done = 0
    try:
        while done < requests:
            fresh = conn is None
            if conn is None:
                with connecting:
                    conn = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S)
                    status = _get_on(conn)
            else:
                status = _get_on(conn)
            if status == 0:
                conn.close()
                conn = None
                if fresh:
                    return f"request {done + 1}: no response on a new connection"
                continue  # the server closed a kept-alive connection: once more on a new one
            if status != 200:
                return f"request {done + 1}: status {status}"
            done += 1
    except OSError as e:
        return f"request {done + 1}: {e}"
    finally:
        if conn is not None:
            conn.close()
    return None


def _get_on(s: socket.socket) -> int:
    """GET / on an open keep-alive connection: the status, 0 if none came (read_response)."""
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: load\r\n\r\n")
    except ConnectionError:
        return 0  # closed by the server before the request went out
    return read_response(s)


def load(port: int) -> str:
    """The load of issue 13, in order: 2000 sequential connections (alternately the server
    and the client closing first), 64 concurrent keep-alive clients of 10 requests each
    (keep_alive_client), 200 half-open connections (half a request head each, held while a
    GET must be answered, then dropped with a reset), and a last GET. 'ok', or the first
    thing that went wrong."""
    for i in range(2000):
        try:
            status = _http_get(port, close=i % 2 == 0)
        except OSError as e:
            return f"sequential {i}: {e}"
        if status != 200:
            return f"sequential {i}: status {status}"
    failures: list[str] = []
    connecting = threading.Lock()

    def client(n: int) -> None:
        if (failure := keep_alive_client(port, 10, connecting)) is not None:
            failures.append(f"keep-alive client {n}: {failure}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        return failures[0]
    half_open = []
    try:
        for _ in range(200):
            s = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S)
            half_open.append(s)
            s.sendall(b"GET / HTTP/1.1\r\nHo")
            wait_forward_accepted(port)
        if (status := _http_get(port, close=False)) != 200:
            return f"GET among the half-open connections: status {status}"
    except OSError as e:
        return f"half-open connections: {e}"
    finally:
        for s in half_open:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()  # a reset: the peer is gone
    try:
        status = _http_get(port, close=True)
    except OSError as e:
        return f"last GET: {e}"
    return "ok" if status == 200 else f"last GET: status {status}"
