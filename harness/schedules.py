"""Replayable schedules: a test run under a seed is one interleaving of its threads, and the
same seed gives the same run, byte for byte.

Two things make it so:
- the machine: QEMU with `-icount shift=ICOUNT_SHIFT,sleep=off` counts instructions as its
  clock (an idle guest skips ahead to its next timer instead of sleeping), with nothing
  random in the device tree (`dtb-randomness=off`) and the RTC on that clock;
- the kernel: `akuma.seed=N` on its command line turns on seeded jitter in the scheduler's
  time slices and preemption points (kernel/debug/seeded_schedule.h). The kernel announces
  the seed as its console's first line (SEED_LINE), which the runner checks and keeps out of
  the golden's match.

Which tests qualify (`problem`): a variant (a kernel running one program) without a network
and without `@host` actions, booting an Akuma kernel. Sessions are typed by the harness as
the prompt appears, network tests talk to the host through QEMU's user network, and a host
action happens at host speed: their input arrives at host-dependent instruction counts, so
no seed can name their interleaving (QEMU's record/replay can still replay one run of them:
`.repro -- --record`, `.replay`).

`stress` runs a test under many seeds in parallel and names the failing ones; each failure
is then one `bazel run :NAME.repro -- --seed=S` away.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from golden import Golden, HostAction

# 2^4 ns of guest time per instruction: 62.5 million instructions a guest second, so a
# program that spins for guest time spins for fewer instructions, and a 100 Hz tick comes
# every 625 000 instructions.
ICOUNT_SHIFT = 4
SEED_LINE = "sched: seeded schedule, seed {seed}"
# The environment variable `--config=deterministic` sets (.bazelrc) for every test.
SEED_ENV = "AKUMA_SEED"


def problem(kind: str, net: bool, golden: Golden, kernel: str) -> str | None:
    """Why this test cannot run under a seed, or None if it can."""
    if kind != "variant":
        return "a session's input is typed by the harness as the prompt appears, at host speed"
    if net:
        return "a network test talks to the host through QEMU's user network"
    if any(isinstance(step, HostAction) for step in golden.steps):
        return "its @host actions come from the host, at host speed"
    if not kernel.endswith(".img"):
        return "it boots a kernel other than Akuma's, which has no seeded scheduler"
    return None


def kernel_append(append: str | None, seed: int) -> str:
    """The kernel command line with the seed added."""
    return f"{append} akuma.seed={seed}" if append else f"akuma.seed={seed}"


def seed_line(seed: int) -> str:
    return SEED_LINE.format(seed=seed)


def parse_seeds(text: str) -> list[int]:
    """`200` is seeds 1..200, `5-9` is 5..9, `3,17,40-42` a list of both."""
    if re.fullmatch(r"[0-9]+", text):
        return list(range(1, int(text) + 1))
    seeds: list[int] = []
    for part in text.split(","):
        m = re.fullmatch(r"([0-9]+)(?:-([0-9]+))?", part.strip())
        if not m:
            raise ValueError(f"--seeds: expected N, A-B or a comma-separated list of them, got {text!r}")
        low, high = int(m.group(1)), int(m.group(2) or m.group(1))
        seeds += range(low, high + 1)
    return seeds


class StressResult:
    def __init__(self, seed: int, failure: str | None, outdir: Path, seconds: float) -> None:
        self.seed = seed
        self.failure = failure  # the report's first line (FAIL(<class>): ...), None if it passed
        self.outdir = outdir
        self.seconds = seconds


def stress(seeds: list[int], jobs: int, base: Path, child_argv: Callable[[int, Path], list[str]],
           progress: Callable[[StressResult, int, int], None]) -> list[StressResult]:  # fmt: skip
    """Runs the test once per seed, `jobs` at a time, each with its files in base/seed-S
    (removed again if it passed); the results in seed order."""
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    # The children are plain test runs: nothing of bazel's own test environment.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TEST_", "XML_OUTPUT", "TESTBRIDGE")) and k != SEED_ENV}  # fmt: skip

    def one(seed: int) -> StressResult:
        outdir = base / f"seed-{seed}"
        outdir.mkdir()
        start = time.monotonic()
        proc = subprocess.run(child_argv(seed, outdir), env=env, capture_output=True, text=True)
        (outdir / "report.txt").write_text(proc.stdout + proc.stderr)
        failure = None
        if proc.returncode != 0:
            failure = next((line for line in proc.stdout.splitlines() if line.startswith("FAIL")),
                           f"exit status {proc.returncode}: {proc.stderr.strip()[-200:]}")  # fmt: skip
        else:
            shutil.rmtree(outdir)
        return StressResult(seed, failure, outdir, time.monotonic() - start)

    results: list[StressResult] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        for done, result in enumerate(
            (f.result() for f in concurrent.futures.as_completed(pool.submit(one, s) for s in seeds)), 1
        ):
            results.append(result)
            progress(result, done, len(seeds))
    return sorted(results, key=lambda r: r.seed)


def same_bytes(a: Path, b: Path) -> bool:
    return a.exists() and b.exists() and a.read_bytes() == b.read_bytes()


def default_jobs() -> int:
    return os.cpu_count() or 1


def qemu_img() -> str | None:
    """Debian's qemu-img (package qemu-utils), which makes the qcow2 image QEMU keeps its
    record/replay snapshot in; None if it is missing."""
    return shutil.which("qemu-img")


def make_snapshot_image(path: Path) -> bool:
    tool = qemu_img()
    if tool is None:
        return False
    result = subprocess.run([tool, "create", "-q", "-f", "qcow2", str(path), "64M"], capture_output=True, text=True)
    if result.returncode != 0:
        print(f"warning: qemu-img: {result.stderr.strip()}", file=sys.stderr)
    return result.returncode == 0
