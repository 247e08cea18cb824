#!/usr/bin/python3
"""Prints how fast `bazel run //:boot` reaches the shell prompt (not a timed test).

    tools/bench_boot.py [--runs N]

Builds //:boot, then starts its launcher N times on a pseudo-terminal, as a person would,
and reports the time from launch to QEMU starting and from QEMU starting to `akuma:/> `.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=10)
    args = p.parse_args()
    bazel = [str(ROOT / "tools" / "bazel")]
    subprocess.run(bazel + ["build", "//:boot"], cwd=ROOT, check=True, capture_output=True)
    bin_dir = subprocess.run(bazel + ["info", "bazel-bin"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
    to_qemu, to_prompt = [], []
    for _ in range(args.runs):
        start = time.monotonic()
        console = pexpect.spawn(f"{bin_dir}/boot.sh", cwd=ROOT, encoding="utf-8", timeout=30)
        console.expect("Ctrl-A X quits")
        qemu_started = time.monotonic()
        console.expect("akuma:/> ")
        prompt = time.monotonic()
        console.send("poweroff\r")
        console.expect(pexpect.EOF)
        to_qemu.append(qemu_started - start)
        to_prompt.append(prompt - qemu_started)
    print(f"boot: {args.runs} runs")
    print(f"boot: launcher to QEMU start: median {statistics.median(to_qemu) * 1000:.0f} ms")
    print(f"boot: QEMU start to prompt:   median {statistics.median(to_prompt) * 1000:.0f} ms, "
          f"max {max(to_prompt) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
