"""Unit tests of the `@host tcp` actions against local peers (no QEMU)."""

from __future__ import annotations

import socket
import threading
import unittest

import host_tcp


def serve_once(handler) -> int:
    """A one-connection server on a free port running handler(conn) in a thread."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def run() -> None:
        conn, _ = listener.accept()
        listener.close()
        with conn:
            handler(conn)

    threading.Thread(target=run, daemon=True).start()
    return listener.getsockname()[1]


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class HostTcpTest(unittest.TestCase):
    def test_echo_ok_when_every_byte_comes_back(self) -> None:
        def echo(conn: socket.socket) -> None:
            while data := conn.recv(65536):
                conn.sendall(data)

        self.assertEqual(host_tcp.echo(serve_once(echo), 256 * 1024), "ok")

    def test_echo_reports_a_short_or_corrupted_echo(self) -> None:
        def short(conn: socket.socket) -> None:
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
            conn.sendall(data[:-1])

        def flip(conn: socket.socket) -> None:
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
            conn.sendall(bytes([data[0] ^ 1]) + data[1:])

        self.assertEqual(host_tcp.echo(serve_once(short), 1000), "short: 999 of 1000 bytes")
        self.assertEqual(host_tcp.echo(serve_once(flip), 1000), "corrupted")

    def test_read_line_and_refused(self) -> None:
        self.assertEqual(host_tcp.read_line(serve_once(lambda c: c.sendall(b"hello\nmore"))), "hello")
        self.assertEqual(host_tcp.read_line(serve_once(lambda c: None)), "refused")
        self.assertEqual(host_tcp.read_line(closed_port()), "refused")

    def test_server_answers_and_reports_the_first_line(self) -> None:
        server = host_tcp.Server("hi there")
        with socket.create_connection(("127.0.0.1", server.port)) as s:
            s.sendall(b"from the guest\n")
            self.assertEqual(s.recv(100), b"hi there\n")
        self.assertEqual(server.result(), "from the guest")

    def test_held_connection_sends_and_stays_open_until_closed(self) -> None:
        got: list[bytes] = []
        done = threading.Event()

        def collect(conn: socket.socket) -> None:
            data = b""
            while chunk := conn.recv(100):
                data += chunk
            got.append(data)
            done.set()

        held = host_tcp.Held(serve_once(collect), "GET / HT")
        held.send_line("more")
        self.assertFalse(done.wait(0.2))  # still open: the peer has not seen the end
        held.close()
        self.assertTrue(done.wait(10))
        self.assertEqual(got, [b"GET / HTmore\n"])

    def test_parse_size(self) -> None:
        self.assertEqual(host_tcp.parse_size("1MiB"), 1 << 20)
        self.assertEqual(host_tcp.parse_size("64KiB"), 65536)
        self.assertEqual(host_tcp.parse_size("100"), 100)
        with self.assertRaises(host_tcp.TcpError):
            host_tcp.parse_size("lots")

    def test_dripping_sends_one_byte_at_a_time(self) -> None:
        got: list[bytes] = []
        done = threading.Event()

        def reader(conn: socket.socket) -> None:
            while sum(map(len, got)) < 3 and (b := conn.recv(16)):
                got.append(b)
            done.set()

        port = serve_once(reader)
        d = host_tcp.Dripping(port, "abc", interval=0.2)
        self.assertTrue(done.wait(10))
        d.close()
        self.assertEqual(b"".join(got), b"abc")
        self.assertGreater(len(got), 1)  # not all at once

    def test_load_against_a_keep_alive_server(self) -> None:
        import http.server

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.request_queue_size = 256
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            self.assertEqual(host_tcp.load(server.server_address[1]), "ok")
        finally:
            server.shutdown()
            server.server_close()

    def serve_keep_alive(self, answers_per_connection: list[int]) -> int:
        """A keep-alive HTTP server whose k-th connection answers answers_per_connection[k]
        requests (the last entry for every later one) and then closes without reading the
        next: the port."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        self.addCleanup(listener.close)

        def serve(conn: socket.socket, answers: int) -> None:
            with conn:
                data = b""
                for _ in range(answers):
                    while b"\r\n\r\n" not in data:
                        if not (chunk := conn.recv(4096)):
                            return
                        data += chunk
                    data = data.partition(b"\r\n\r\n")[2]
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

        def run() -> None:
            k = 0
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                answers = answers_per_connection[min(k, len(answers_per_connection) - 1)]
                threading.Thread(target=serve, args=(conn, answers), daemon=True).start()
                k += 1

        threading.Thread(target=run, daemon=True).start()
        return listener.getsockname()[1]

    def test_keep_alive_client_retries_once_when_a_kept_alive_connection_closes(self) -> None:
        # Each connection is closed after 3 responses: the 4th request goes again, on a new one.
        port = self.serve_keep_alive([3])
        self.assertIsNone(host_tcp.keep_alive_client(port, 10, threading.Lock()))

    def test_keep_alive_client_never_retries_on_a_new_connection(self) -> None:
        # The first connection answers once, every later one closes at once: the retry of
        # request 2 fails, and is not retried again.
        port = self.serve_keep_alive([1, 0])
        self.assertEqual(host_tcp.keep_alive_client(port, 10, threading.Lock()),
                         "request 2: no response on a new connection")
        port = self.serve_keep_alive([0])
        self.assertEqual(host_tcp.keep_alive_client(port, 10, threading.Lock()),
                         "request 1: no response on a new connection")

    def test_wait_forward_accepted_without_such_a_listener(self) -> None:
        host_tcp.wait_forward_accepted(closed_port())  # returns: nothing to wait for

    def test_load_reports_the_first_failure(self) -> None:
        self.assertTrue(host_tcp.load(closed_port()).startswith("sequential 0: "))


if __name__ == "__main__":
    unittest.main()
