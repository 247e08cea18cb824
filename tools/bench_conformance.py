#!/usr/bin/python3
"""Prints how long each conformance test takes on Linux (figures, not a timed test).

    tools/bench_conformance.py [--runs N] [TEST ...]

Builds the tests' initramfs images, then boots each N times (one at a time) in the QEMU
command line the test uses, and reports per test the median time from QEMU's start to the
first byte on the console (the kernel's boot and the init, since every program prints
soon after it starts) and to QEMU's exit (the whole test: power-off included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "harness"))

import qemu  # noqa: E402  (harness/qemu.py: the tests' own QEMU command line)

CMDLINE = "console=ttyAMA0 quiet loglevel=0 rdinit=/init"  # as conformance/defs.bzl
MEMORY = "256M"


def bazel(*args: str) -> str:
    return subprocess.run([str(ROOT / "tools" / "bazel"), *args], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip


def time_run(vmlinuz: str, image: Path, net: bool, outdir: Path) -> tuple[float, float]:
    opts = qemu.Options(vmlinuz, qemu.free_port() if net else None, initrd=str(image), append=CMDLINE, memory=MEMORY)
    start = time.monotonic()
    first = None
    with qemu.Qemu(qemu.build_argv(opts), outdir) as vm:
        while (chunk := vm.read(60)) is not None and chunk:
            if first is None:
                first = time.monotonic() - start
        vm.wait_exit(10)
    return first or float("nan"), time.monotonic() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("tests", nargs="*", help="test names (default: every conformance test)")
    args = p.parse_args()
    tests = args.tests or [
        t.split(":")[1].removesuffix("_linux") for t in bazel("query", "attr(tags, linux, tests(//conformance:all))").split()
    ]
    net = set(bazel("query", "attr(tags, block-network, tests(//conformance:all))").replace("_linux", "").split())
    bazel("build", *[f"//conformance:{t}_initramfs" for t in tests], "@linux_arm64//:vmlinuz")
    bin_dir = Path(bazel("info", "bazel-bin"))
    vmlinuz = str(Path(bazel("info", "output_base")) / "external" / "linux_arm64" / "vmlinuz")
    print(f"{'test':32} {'first output':>12} {'QEMU exit':>10}")
    firsts, totals = [], []
    with tempfile.TemporaryDirectory(prefix="akuma-bench-") as tmp:
        for t in tests:
            runs = [time_run(vmlinuz, bin_dir / "conformance" / f"{t}_initramfs.cpio", f"//conformance:{t}" in net,
                             Path(tmp)) for _ in range(args.runs)]  # fmt: skip
            first = statistics.median(r[0] for r in runs)
            total = statistics.median(r[1] for r in runs)
            firsts.append(first)
            totals.append(total)
            print(f"{t:32} {first:11.2f}s {total:9.2f}s")
    print(f"{'median of the tests':32} {statistics.median(firsts):11.2f}s {statistics.median(totals):9.2f}s")


if __name__ == "__main__":
    main()
