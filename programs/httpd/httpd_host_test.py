"""httpd built for the host, spoken to with real HTTP.

    httpd_host_test.py HTTPD ROOT

Starts HTTPD on port 0 (the kernel picks a free port; httpd's start line
names it) with ROOT as its document root, reads its two start lines through a
pipe (so they must come at once: stdout is line buffered), makes requests,
and stops it. Nothing is written outside the test's own process.
"""
import http.client
import os
import re
import select
import signal
import subprocess
import sys
import time
import unittest

HTTPD = ""
ROOT = ""
LINE_TIMEOUT_S = 20


def read_line(proc):
    """The next line of proc's stdout, or fail if none comes in time."""
    deadline = time.monotonic() + LINE_TIMEOUT_S
    line = b""
    fd = proc.stdout.fileno()
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(left, 0))
        if not ready:
            raise AssertionError("httpd printed no whole line within %d s (got %r)" % (LINE_TIMEOUT_S, line))
        chunk = os.read(fd, 1)
        if not chunk:
            raise AssertionError("httpd's stdout ended (got %r, exit %r)" % (line, proc.wait()))
        line += chunk
    return line.decode()


def start(port):
    return subprocess.Popen([HTTPD, str(port), ROOT], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    rest, err = proc.communicate(timeout=LINE_TIMEOUT_S)
    return proc.returncode, rest.decode(), err.decode()


def file_bytes(name):
    with open(os.path.join(ROOT, name), "rb") as f:
        return f.read()


class HttpdOnTheHost(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc = start(0)
        first = read_line(cls.proc)
        m = re.fullmatch(r"httpd: Starting HTTP server on port (\d+)\n", first)
        if not m:
            stop(cls.proc)
            raise AssertionError("unexpected start line %r" % first)
        cls.port = int(m.group(1))
        second = read_line(cls.proc)
        if second != "httpd: Listening for connections...\n":
            stop(cls.proc)
            raise AssertionError("unexpected second line %r" % second)

    @classmethod
    def tearDownClass(cls):
        code, rest, err = stop(cls.proc)
        # Quiet after its two lines; SIGTERM's default action ends it.
        assert rest == "", "httpd printed more: %r" % rest
        assert err == "", "httpd wrote to stderr: %r" % err
        assert code == -signal.SIGTERM, "httpd ended with %r" % code

    def connect(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=LINE_TIMEOUT_S)

    def get(self, method, path):
        conn = self.connect()
        try:
            conn.request(method, path)
            r = conn.getresponse()
            return r, r.read()
        finally:
            conn.close()

    def test_index(self):
        r, body = self.get("GET", "/")
        self.assertEqual(r.status, 200)
        self.assertEqual(body, file_bytes("index.html"))
        self.assertEqual(r.getheader("Content-Type"), "text/html; charset=utf-8")
        self.assertEqual(r.getheader("Content-Length"), str(len(body)))
        self.assertEqual(r.getheader("Server"), "akuma-httpd")

    def test_robots_txt(self):
        r, body = self.get("GET", "/robots.txt")
        self.assertEqual(r.status, 200)
        self.assertEqual(body, file_bytes("robots.txt"))
        self.assertEqual(r.getheader("Content-Type"), "text/plain; charset=utf-8")

    def test_missing_is_404(self):
        r, body = self.get("GET", "/missing.html")
        self.assertEqual(r.status, 404)
        self.assertEqual(body, b"404 Not Found\n")

    def test_directory_is_404(self):
        r, _ = self.get("GET", "/.")
        self.assertEqual(r.status, 404)

    def test_status(self):
        r, body = self.get("GET", "/status")
        self.assertEqual(r.status, 200)
        text = body.decode()
        self.assertTrue(text.startswith("akuma httpd\nuptime: "), text)
        self.assertIn("\npid: %d\n" % self.proc.pid, text)
        self.assertRegex(text, r"\nrequests: [1-9][0-9]*\nconnections: [1-9][0-9]*\nopen connections: [1-8]\n")

    def test_head_post_and_dotdot(self):
        r, body = self.get("HEAD", "/robots.txt")
        self.assertEqual((r.status, body), (200, b""))
        self.assertEqual(r.getheader("Content-Length"), str(len(file_bytes("robots.txt"))))
        r, _ = self.get("POST", "/")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.getheader("Allow"), "GET, HEAD")
        r, _ = self.get("GET", "/a/../index.html")
        self.assertEqual(r.status, 403)

    def test_keep_alive(self):
        conn = self.connect()
        try:
            for path in ["/", "/style.css", "/robots.txt"]:
                conn.request("GET", path)
                r = conn.getresponse()
                self.assertEqual((r.status, r.read()), (200, file_bytes(path[1:] or "index.html")))
                self.assertEqual(r.getheader("Connection"), "keep-alive")
            sock = conn.sock
            conn.request("GET", "/status")
            r = conn.getresponse()
            r.read()
            self.assertIs(conn.sock, sock)  # the same connection served all four
        finally:
            conn.close()

    def test_port_in_use(self):
        second = start(self.port)
        self.assertEqual(read_line(second), "httpd: Starting HTTP server on port %d\n" % self.port)
        self.assertEqual(read_line(second), "httpd: cannot listen on port %d: the port is in use (98)\n" % self.port)
        rest, err = second.communicate(timeout=LINE_TIMEOUT_S)  # it exits by itself
        self.assertEqual((second.returncode, rest, err), (1, b"", b""))

    def test_bad_arguments(self):
        for args in (["x"], ["70000"], ["1", ROOT, "extra"]):
            p = subprocess.run([HTTPD] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=LINE_TIMEOUT_S)
            self.assertEqual(p.returncode, 2, args)
            self.assertTrue(p.stdout.startswith(b"usage: httpd [PORT [ROOT]]"), p.stdout)


if __name__ == "__main__":
    HTTPD = os.path.abspath(sys.argv[1])
    ROOT = os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1])
