#!/usr/bin/python3
"""Prints how long each conformance test takes on Linux and on Akuma (figures, not a timed test).

    tools/bench_conformance.py [--runs N] [TEST ...]

Builds the tests' initramfs images and both kernels, then boots each image N times per kernel
(one at a time) in the QEMU command line the test uses, and reports per test and kernel the
median time from QEMU's start to the first byte on the console (the kernel's boot and the
init, since every program prints soon after it starts) and to QEMU's exit (the whole test:
power-off included).
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


def time_run(kernel: str, image: Path, net: bool, outdir: Path) -> tuple[float, float]:
    opts = qemu.Options(kernel, qemu.free_port() if net else None, initrd=str(image), append=CMDLINE, memory=MEMORY)
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
    bazel("build", "--config=aarch64", "//kernel/boot:init_kernel")
    bin_dir = Path(bazel("info", "bazel-bin"))
    kernels = {
        "linux": str(Path(bazel("info", "output_base")) / "external" / "linux_arm64" / "vmlinuz"),
        "akuma": str(Path(bazel("info", "--config=aarch64", "bazel-bin")) / "kernel" / "boot" / "init_kernel.img"),
    }
    print(f"{'test':32} {'Linux: first output':>20} {'exit':>7} {'Akuma: first output':>20} {'exit':>7}")
    firsts = {k: [] for k in kernels}
    totals = {k: [] for k in kernels}
    with tempfile.TemporaryDirectory(prefix="akuma-bench-") as tmp:
        for t in tests:
            row = f"{t:32}"
            for name, kernel in kernels.items():
                runs = [time_run(kernel, bin_dir / "conformance" / f"{t}_initramfs.cpio",
                                 f"//conformance:{t}" in net, Path(tmp)) for _ in range(args.runs)]  # fmt: skip
                first = statistics.median(r[0] for r in runs)
                total = statistics.median(r[1] for r in runs)
                firsts[name].append(first)
                totals[name].append(total)
                row += f" {first:19.2f}s {total:6.2f}s"
            print(row)
    row = f"{'median of the tests':32}"
    for name in kernels:
        row += f" {statistics.median(firsts[name]):19.2f}s {statistics.median(totals[name]):6.2f}s"
    print(row)


if __name__ == "__main__":
    main()
