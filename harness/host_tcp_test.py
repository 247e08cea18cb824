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


if __name__ == "__main__":
    unittest.main()
