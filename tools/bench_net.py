#!/usr/bin/python3
"""Network benchmark: boots //kernel/net/tests:bench_net_kernel (tcp_sink on guest port 8080,
forwarded from a free host port) and measures from a host client, through QEMU's user
network:

- throughput host -> guest: one connection sends SIZE MiB, ends its side, and waits for the
  guest's byte count (so the time covers delivery to the guest program), in MiB/s;
- new connections per second: COUNT sequential connect / end / read count / close.

Not a timed test: the figures depend on the host.

    tools/bench_net.py [--mib 16] [--connections 200]
    BAZEL="bazel --output_base=/root/.cache/bazel-net" tools/bench_net.py
"""

from __future__ import annotations

import argparse
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "harness"))
import qemu  # noqa: E402

TARGET = "//kernel/net/tests:bench_net_kernel"
INITRD = "//kernel/net/tests:bench_net_initrd"
READY = b"tcp_sink: listening on 8080"


def built(target: str, config: list[str]) -> str:
    """Builds `target` and returns the absolute path of its first output file."""
    bazel = shlex.split(os.environ.get("BAZEL", str(ROOT / "tools" / "bazel")))
    subprocess.run([*bazel, "build", *config, target], cwd=ROOT, check=True, stdout=sys.stderr)
    out = subprocess.run(
        [*bazel, "cquery", *config, "--output=starlark", "--starlark:expr=target.files.to_list()[0].path", target],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()[0]  # fmt: skip
    if not out.startswith("/"):
        root = subprocess.run([*bazel, "info", *config, "execution_root"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()  # fmt: skip
        out = os.path.join(root, out)
    return out


def transfer(port: int, payload: bytes) -> int:
    """Sends payload, ends the sending side, returns the byte count the guest reports."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := s.recv(64):
            reply += chunk
    return int(reply.strip() or b"-1")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mib", type=int, default=16, help="MiB sent for the throughput figure")
    p.add_argument("--connections", type=int, default=200, help="connections for the rate figure")
    args = p.parse_args()
    kernel = built(TARGET, ["--config=aarch64"])
    initrd = built(INITRD, [])
    print(f"kernel: {kernel}\ninitrd: {initrd}", file=sys.stderr)
    qemu.install_cleanup_handlers()
    port = qemu.free_port()
    argv = qemu.build_argv(qemu.Options(kernel, port, initrd=initrd))
    with tempfile.TemporaryDirectory(prefix="akuma-bench-net-") as outdir, qemu.Qemu(argv, Path(outdir)) as vm:
        seen = b""
        deadline = time.monotonic() + 30
        while READY not in seen:
            chunk = vm.read(deadline - time.monotonic())
            if not chunk:
                print(f"bench: the guest never listened; output: {seen!r}", file=sys.stderr)
                return 1
            seen += chunk
        transfer(port, b"warm up")
        payload = os.urandom(args.mib << 20)
        start = time.monotonic()
        got = transfer(port, payload)
        elapsed = time.monotonic() - start
        if got != len(payload):
            print(f"bench: guest counted {got} bytes of {len(payload)}", file=sys.stderr)
            return 1
        print(f"bench: host->guest TCP throughput: {args.mib / elapsed:.1f} MiB/s "
              f"({args.mib} MiB in {elapsed:.2f} s)")  # fmt: skip
        start = time.monotonic()
        for _ in range(args.connections):
            if transfer(port, b"") != 0:
                print("bench: a connection failed", file=sys.stderr)
                return 1
        elapsed = time.monotonic() - start
        print(f"bench: new connections: {args.connections / elapsed:.0f}/s "
              f"({args.connections} sequential in {elapsed:.2f} s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
