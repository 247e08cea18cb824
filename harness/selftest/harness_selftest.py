"""The harness judged on real kernels booted in QEMU.

Each case runs harness/runner.py the way a test target does and checks its verdict, its
report and that no QEMU process outlives it:
- one wrong golden line: FAIL(mismatch) naming the golden line, with the diff and repro command
- a panicking kernel: FAIL(panic) with the report, not a timeout
- a kernel that hangs after booting: FAIL(hang); one that never prints: FAIL(boot-timeout)
- --mode update rewrites a golden from a fresh run
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

RUNNER = Path("harness/runner.py")
IMAGES = Path("harness/selftest/images")
TIMER_GOLDEN = Path("golden/timer_ticks.golden")
LABEL = "//harness/selftest:case"


def qemu_processes_running(kernel: Path) -> list[str]:
    """Command lines of live QEMU processes booting `kernel` (ours, not other tests')."""
    out = subprocess.run(["pgrep", "-af", "qemu-system-aarch64"], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if str(kernel.resolve()) in line or str(kernel) in line]


class RunnerOnRealKernels(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR")))

    def tearDown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_runner(self, kernel: str, golden: Path, *extra: str,
                   env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        image = IMAGES / f"{kernel}.img"
        self.assertTrue(image.exists(), image)
        outputs = self.tmp / "outputs"
        outputs.mkdir(exist_ok=True)
        run_env = dict(os.environ, TEST_UNDECLARED_OUTPUTS_DIR=str(outputs), **(env or {}))
        result = subprocess.run(
            [sys.executable, str(RUNNER), "--kind", "variant", "--kernel", str(image),
             "--golden", str(golden), "--label", LABEL, *extra],
            capture_output=True, text=True, env=run_env, timeout=120)
        self.assertEqual(qemu_processes_running(image), [], "QEMU outlived the runner")
        return result

    def test_matching_golden_passes(self) -> None:
        result = self.run_runner("timer_ticks", TIMER_GOLDEN)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_one_wrong_line_fails_with_diff_and_repro_command(self) -> None:
        lines = TIMER_GOLDEN.read_text().splitlines()
        target = next(i for i, line in enumerate(lines) if line == "timer: 20 ticks arrived")
        lines[target] = "timer: 21 ticks arrived"
        golden = self.tmp / "wrong.golden"
        golden.write_text("\n".join(lines) + "\n")

        result = self.run_runner("timer_ticks", golden)
        self.assertEqual(result.returncode, 1)
        out = result.stdout
        self.assertIn(f"FAIL(mismatch): {LABEL}", out)
        self.assertIn(f"{golden}:{target + 1}: mismatch", out)
        self.assertIn(f"- {target + 1}  timer: 21 ticks arrived", out)
        self.assertIn("+    timer: 20 ticks arrived", out)
        self.assertIn(f"reproduce: bazel run {LABEL}.repro", out)
        # The outputs directory keeps the evidence.
        kept = {p.name for p in (self.tmp / "outputs").iterdir()}
        self.assertTrue({"serial.log", "transcript.txt", "qemu.argv", "qemu.stderr"} <= kept, kept)

    def test_panic_is_reported_as_panic(self) -> None:
        result = self.run_runner("panic_call", TIMER_GOLDEN)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"FAIL(panic): {LABEL}", result.stdout)
        self.assertIn("*** KERNEL PANIC: invariant broken: value is 3, expected 7 ***", result.stdout)
        # The raw addresses get names from the image's debug info.
        self.assertRegex(result.stdout, r"backtrace, symbolized:\n"
                         r"  #0 0x[0-9a-f]{16} akuma::check_invariant\(int\) at kernel/tests/panic_call\.cc:\d+\n"
                         r"  #1 0x[0-9a-f]{16} akuma::program_main\(\) at kernel/tests/panic_call\.cc:\d+\n"
                         r"  #2 0x[0-9a-f]{16} kernel_main at kernel/boot/main\.cc:\d+\n")
        self.assertNotIn("timeout", result.stdout.split("\n")[0])

    def test_hung_kernel_times_out_and_leaves_no_qemu(self) -> None:
        golden = self.tmp / "hang.golden"
        golden.write_text("hang: spinning forever\nhang: done\n")
        result = self.run_runner("hang", golden, "--timeout", "5")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"FAIL(hang): {LABEL}", result.stdout)

    def test_silent_kernel_is_a_boot_timeout(self) -> None:
        golden = self.tmp / "silent.golden"
        golden.write_text("anything\n")
        result = self.run_runner("silent", golden, "--boot-timeout", "3", "--timeout", "10")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"FAIL(boot-timeout): {LABEL}", result.stdout)

    def test_update_rewrites_the_golden(self) -> None:
        workspace = self.tmp / "workspace"
        (workspace / "golden").mkdir(parents=True)
        stale = workspace / "golden" / "timer_ticks.golden"
        original = TIMER_GOLDEN.read_text()
        stale.write_text(original.replace("timer: 20 ticks arrived", "timer: stale line"))

        result = self.run_runner("timer_ticks", stale, "--mode", "update",
                                 "--golden-src-path", "golden/timer_ticks.golden",
                                 env={"BUILD_WORKSPACE_DIRECTORY": str(workspace)})
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("updated golden/timer_ticks.golden", result.stdout)
        self.assertEqual(stale.read_text(), original)


if __name__ == "__main__":
    unittest.main()
