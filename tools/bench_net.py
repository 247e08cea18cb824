#!/usr/bin/python3
"""Network benchmark, Akuma side by side with Linux in the same QEMU.

Boots, in alternating rounds, each of:

- akuma: //kernel/net/tests:bench_net_kernel with //kernel/net/tests:bench_net_initrd:
  Akuma's httpd on guest port 8080 (document root /www), tcp_sink on 8081, tcp_source
  on 8082; after each measurement it prints the net thread's profile (knet::profile) and
  the NIC's counters;
- linux: Debian's Linux 6.1 arm64 (@linux_arm64, booted as conformance/defs.bzl does)
  with an initramfs packed here: the conformance init (it configures eth0), bench_serve as
  /test, which starts Debian's busybox httpd (busybox-static:arm64, fetched by
  tools/setup.sh into ~/.cache/akuma-busybox), tcp_sink and tcp_source;

each as `qemu-system-aarch64 -M virt -cpu cortex-a72 -m 128M -smp 1` (--smp N) with a virtio-net
device on QEMU's user network, the three guest ports forwarded from free host ports.
Then it measures from the host, each figure in a guest booted for it (QEMU's user network
keeps every connection the host closed first for seconds and walks all of them in each turn
of its main loop: after 10 000 sequential requests, host->guest ran at half speed for ~10 s,
so figures measured one after the other in one guest depended on how fast the previous ones
went):

- seq: N sequential HTTP GETs of / (a new connection each, the client closing after the
  body), requests/s, the slowest one and how many took over 100 ms;
- ab8, ab32: Debian's ApacheBench (`ab -n N -c 8` / `-c 32`), requests/s and the longest
  request;
- h2g, g2h: one connection moving SIZE MiB host->guest (tcp_sink counts them) and
  guest->host (tcp_source sends them), MiB/s;
- conn: COUNT sequential connections to tcp_sink (connect, end, read count, close), per s.

Figures, not assertions: they depend on the host (and on what else runs on it: note the
load). The medians of the rounds are printed as a table, each figure also as a ratio to
Linux's (and --json writes every run).

    tools/bench_net.py [--rounds 3] [--requests 10000] [--ab-requests 2000] [--mib 16]
                       [--connections 500] [--only akuma|linux] [--json FILE]
                       [--akuma-image KERNEL INITRD] [--baseline KERNEL INITRD]

--baseline adds an older Akuma (a column "before", in the same alternating rounds), e.g. the
images of another commit, built in a checkout of it with
`tools/bazel build --config=aarch64 //kernel/net/tests:bench_net_kernel` (its .img) and
`tools/bazel build //kernel/net/tests:bench_net_initrd` (its .cpio).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "harness"))
sys.path.insert(0, str(ROOT / "tools" / "initramfs"))
import cpio  # noqa: E402
import qemu  # noqa: E402

GUEST_PORTS = {"http": 8080, "sink": 8081, "source": 8082}
READY = b"bench: ready"
BUSYBOX_CACHE = Path(os.environ.get("AKUMA_BUSYBOX_CACHE", Path.home() / ".cache" / "akuma-busybox"))
LINUX_CMDLINE = "console=ttyAMA0 quiet loglevel=0 rdinit=/init"


def bazel() -> list[str]:
    return shlex.split(os.environ.get("BAZEL", str(ROOT / "tools" / "bazel")))


def built(target: str, config: list[str]) -> list[str]:
    """Builds `target` and returns the absolute paths of its output files."""
    subprocess.run([*bazel(), "build", *config, target], cwd=ROOT, check=True, stdout=sys.stderr,
                   stderr=sys.stderr)  # fmt: skip
    out = subprocess.run(
        [*bazel(), "cquery", *config, "--output=starlark",
         "--starlark:expr='\\n'.join([f.path for f in target.files.to_list()])", target],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    def info(key: str) -> str:
        return subprocess.run([*bazel(), "info", *config, key], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()  # fmt: skip

    root, base = info("execution_root"), info("output_base")
    return [p if p.startswith("/") else os.path.join(base if p.startswith("external/") else root, p) for p in out]


def busybox() -> str:
    path = BUSYBOX_CACHE / "busybox"
    if not path.exists():
        sys.exit(f"bench: no {path}: run tools/setup.sh (it fetches busybox-static:arm64)")
    return str(path)


def linux_image(workdir: Path) -> tuple[str, str]:
    """The Linux kernel and an initramfs for it: init, bench_serve, servers, busybox, www,
    virtio-net modules."""
    kernel = built("@linux_arm64//:vmlinuz", [])[0]
    modules = built("@linux_arm64//:virtio_net_modules", [])
    init = built("//conformance:init", [])[0]
    progs = {name: built(f"//programs/net:{name}", [])[0] for name in ("bench_serve", "tcp_sink", "tcp_source")}
    www = built("//programs/httpd:www", [])
    files = {"/init": init, "/test": progs["bench_serve"], "/bin/tcp_sink": progs["tcp_sink"],
             "/bin/tcp_source": progs["tcp_source"], "/bin/busybox": busybox()}  # fmt: skip
    for f in www:
        files["/www/" + os.path.basename(f)] = f
    for m in modules:
        files["/lib/modules/" + os.path.basename(m)] = m
    entries = cpio.plan(files, ["/proc", "/tmp", "/dev"], {"/dev/console": (5, 1)})
    image = workdir / "linux_bench.cpio"
    image.write_bytes(cpio.pack(entries))
    return kernel, str(image)


def akuma_image() -> tuple[str, str]:
    kernel = [p for p in built("//kernel/net/tests:bench_net_kernel", ["--config=aarch64"]) if p.endswith(".img")]
    initrd = built("//kernel/net/tests:bench_net_initrd", [])[0]
    return kernel[0], initrd


def argv_for(kernel: str, initrd: str, ports: dict[str, int], linux: bool, smp: int = 1) -> list[str]:
    argv = qemu.build_argv(qemu.Options(kernel, ports["http"], initrd=initrd,
                                        append=LINUX_CMDLINE if linux else None, memory="128M",
                                        smp=smp))  # fmt: skip
    fwd = ",".join(f"hostfwd=tcp:127.0.0.1:{ports[k]}-:{GUEST_PORTS[k]}" for k in GUEST_PORTS)
    i = argv.index("-netdev")
    argv[i + 1] = f"user,id=net0,{fwd}"
    return argv


# --------------------------------------------------------------------------- measurements


def http_get(port: int) -> float:
    """One GET / on a new connection, read to the end of the body, closed by us: seconds."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                raise ConnectionError(f"closed after {len(data)} bytes")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        m = re.search(rb"(?i)content-length:\s*(\d+)", head)
        length = int(m.group(1)) if m else None
        while length is None or len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                if length is None:
                    break
                raise ConnectionError("short body")
            body += chunk
    return time.monotonic() - start


def sequential(port: int, count: int) -> dict:
    times = []
    start = time.monotonic()
    for _ in range(count):
        times.append(http_get(port))
    elapsed = time.monotonic() - start
    return {"req_s": count / elapsed, "max_ms": max(times) * 1000,
            "over_100ms": sum(t > 0.1 for t in times), "median_ms": statistics.median(times) * 1000}  # fmt: skip


def apache_bench(port: int, count: int, concurrency: int) -> dict:
    out = subprocess.run(["ab", "-q", "-n", str(count), "-c", str(concurrency), "-s", "30",
                          f"http://127.0.0.1:{port}/"], capture_output=True, text=True, timeout=600)  # fmt: skip
    rps = re.search(r"Requests per second:\s+([\d.]+)", out.stdout)
    longest = re.search(r"100%\s+(\d+)\s+\(longest request\)", out.stdout)
    failed = re.search(r"Failed requests:\s+(\d+)", out.stdout)
    if not rps:
        return {"error": (out.stdout + out.stderr).strip().splitlines()[-1:]}
    return {"req_s": float(rps.group(1)), "longest_ms": int(longest.group(1)) if longest else None,
            "failed": int(failed.group(1)) if failed else None}  # fmt: skip


def host_to_guest(port: int, mib: int) -> dict:
    payload = os.urandom(mib << 20)
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := s.recv(64):
            reply += chunk
    elapsed = time.monotonic() - start
    got = int(reply.strip() or b"-1")
    return {"mib_s": mib / elapsed, "ok": got == len(payload)}


def guest_to_host(port: int, mib: int) -> dict:
    want = mib << 20
    start = time.monotonic()
    got = 0
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(f"{want}\n".encode())
        while chunk := s.recv(1 << 20):
            got += len(chunk)
    elapsed = time.monotonic() - start
    return {"mib_s": mib / elapsed, "ok": got == want}


def connections(port: int, count: int) -> dict:
    start = time.monotonic()
    for _ in range(count):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.shutdown(socket.SHUT_WR)
            while s.recv(64):
                pass
    return {"per_s": count / (time.monotonic() - start)}


def wait_for(vm: qemu.Qemu, marker: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        chunk = vm.read(max(0.0, deadline - time.monotonic()))
        if not chunk:
            raise RuntimeError(f"no {marker!r} from the guest; it printed {seen[-400:]!r}")
        seen += chunk
    return seen


def run_once(name: str, kernel: str, initrd: str, args: argparse.Namespace) -> dict:
    phases = {
        "seq": lambda p: sequential(p["http"], args.requests),
        "ab8": lambda p: apache_bench(p["http"], args.ab_requests, 8),
        "ab32": lambda p: apache_bench(p["http"], args.ab_requests, 32),
        "h2g": lambda p: host_to_guest(p["sink"], args.mib),
        "g2h": lambda p: guest_to_host(p["source"], args.mib),
        "conn": lambda p: connections(p["sink"], args.connections),
    }
    result: dict = {"kernel": name}
    for phase, measure in phases.items():
        ports = {k: qemu.free_port() for k in GUEST_PORTS}
        argv = argv_for(kernel, initrd, ports, linux=name == "linux", smp=args.smp)
        with tempfile.TemporaryDirectory(prefix="akuma-bench-net-") as outdir, qemu.Qemu(argv, Path(outdir)) as vm:
            wait_for(vm, READY, 60)
            http_get(ports["http"])  # warm up (ARP, caches)
            result[phase] = measure(ports)
            if name != "linux":
                vm.send(b"profile\r")
                text = wait_for(vm, b"tx_busy", 10).decode(errors="replace")
                result[phase]["profile"] = [l.strip() for l in text.splitlines() if l.startswith(("profile:", "nic:"))]
    print(f"bench: {name}: {json.dumps(result)}", file=sys.stderr)
    return result


def median(runs: list[dict], *path: str) -> float | None:
    values = []
    for r in runs:
        v = r
        for p in path:
            v = v.get(p) if isinstance(v, dict) else None
        if isinstance(v, (int, float)):
            values.append(v)
    return statistics.median(values) if values else None


ROWS = [
    ("sequential HTTP req/s", ("seq", "req_s"), "{:.0f}"),
    ("  requests over 100 ms", ("seq", "over_100ms"), "{:.0f}"),
    ("  slowest request ms", ("seq", "max_ms"), "{:.1f}"),
    ("ab -c 8 req/s", ("ab8", "req_s"), "{:.0f}"),
    ("  longest request ms", ("ab8", "longest_ms"), "{:.0f}"),
    ("ab -c 32 req/s", ("ab32", "req_s"), "{:.0f}"),
    ("  longest request ms", ("ab32", "longest_ms"), "{:.0f}"),
    ("host->guest MiB/s", ("h2g", "mib_s"), "{:.1f}"),
    ("guest->host MiB/s", ("g2h", "mib_s"), "{:.1f}"),
    ("connections/s", ("conn", "per_s"), "{:.0f}"),
]


def table(results: dict[str, list[dict]]) -> str:
    names = list(results)
    # Every other kernel's figure as a ratio to Linux's.
    ratios = [n for n in names if n != "linux"] if "linux" in names else []
    lines = ["| figure | " + " | ".join(names) + " |" + "".join(f" {n} / linux |" for n in ratios),
             "|---|" + "---|" * (len(names) + len(ratios))]  # fmt: skip
    for label, path, fmt in ROWS:
        values = {n: median(results[n], *path) for n in names}
        cells = [fmt.format(values[n]) if values[n] is not None else "-" for n in names]
        for n in ratios:
            ok = values[n] and values["linux"] and "over" not in label
            cells.append(f"{values[n] / values['linux']:.2f}x" if ok else "")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds per kernel")
    p.add_argument("--requests", type=int, default=10000, help="sequential HTTP requests")
    p.add_argument("--ab-requests", type=int, default=2000, help="requests per ab run")
    p.add_argument("--mib", type=int, default=16, help="MiB per bulk transfer")
    p.add_argument("--connections", type=int, default=500, help="connections for the rate figure")
    p.add_argument("--only", choices=["akuma", "linux"], help="one kernel only")
    p.add_argument("--akuma-image", nargs=2, metavar=("KERNEL", "INITRD"),
                   help="an Akuma bench kernel and initramfs built elsewhere (e.g. an older commit)")
    p.add_argument("--baseline", nargs=2, metavar=("KERNEL", "INITRD"),
                   help="an older Akuma bench kernel and initramfs, measured alongside as 'before'")
    p.add_argument("--smp", type=int, default=1, choices=range(1, 9), metavar="N",
                   help="CPUs of every guest (QEMU's -smp; default 1)")
    p.add_argument("--json", help="write every run here")
    args = p.parse_args()
    qemu.install_cleanup_handlers()
    with tempfile.TemporaryDirectory(prefix="akuma-bench-img-") as work:
        images = {}
        if args.baseline and args.only != "linux":
            images["before"] = tuple(args.baseline)
        if args.only != "linux":
            images["akuma"] = tuple(args.akuma_image) if args.akuma_image else akuma_image()
        if args.only != "akuma":
            images["linux"] = linux_image(Path(work))
        results: dict[str, list[dict]] = {name: [] for name in images}
        for _ in range(args.rounds):
            for name, (kernel, initrd) in images.items():
                try:
                    results[name].append(run_once(name, kernel, initrd, args))
                except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
                    print(f"bench: {name}: run failed: {e}", file=sys.stderr)
                    results[name].append({"kernel": name, "error": str(e)})
    print(table(results))
    for name in results:  # the last round's profiles, phase by phase
        for phase, figures in (results[name][-1] if results[name] else {}).items():
            for line in figures.get("profile", []) if isinstance(figures, dict) else []:
                print(f"{name} {phase} {line}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
