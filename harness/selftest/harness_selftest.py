"""The harness judged on real kernels booted in QEMU.

Each case runs harness/runner.py the way a test target does, with its own goldens (never the
kernel tests' goldens), and checks its verdict, its report, that no QEMU process outlives it
and that nothing is left in $TMPDIR. The groups (one bazel target each, run side by side):

- Limits: silence is a hang within --quiet-timeout, reported with the awaited golden line and
  the last lines; a kernel that booted and printed nothing is a hang too; only an image that
  never boots is a boot-timeout.
- Reports: a one-line change is one '-' and one '+' in an aligned diff of its block, with the
  class and golden line first; a report (a panic's too) is printed once, without QEMU's own
  "terminating on signal" noise; the printed reproduce command exists and reproduces.
- Update: `.update` runs the test twice and proposes {{...}} patterns for numbers that vary;
  a new golden gets its `# golden for` header; a session golden can start from typed lines.
- Debug: `.repro --gdb` boots stopped and prints a gdb command that attaches with symbols;
  `--keep` leaves QEMU running for typing; a panic's backtrace through the user/kernel
  boundary is labelled.
- Schedules: a deliberate race (kernel/debug/tests/ready_race.c) fails under some seeds:
  --mode stress names them, and --mode repro --seed=S --runs 2 replays one, the same bytes
  twice; a test whose input comes from the host refuses a seed; a recorded run replays.
- Results: JUnit with a testcase per golden block; --test_filter selects named blocks or fails
  loudly; the serial log of a passing test is written unzipped and named in the last line;
  the console is echoed as it comes; runner_test leaves nothing in $TMPDIR.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

RUNNER = Path("harness/runner.py").resolve()
IMAGES = Path("harness/selftest/images")
LINES_GOLDEN = Path("harness/selftest/lines.golden")
QUICK_EXIT_INITRD = Path("harness/selftest/quick_exit_initrd.cpio").resolve()
READY_RACE_INITRD = Path("harness/selftest/ready_race_initrd.cpio").resolve()
SEEDED_RACE_GOLDEN = Path("golden/seeded_race.golden")
PROMPT = "akuma:/> "
# Environment a test target has that the runner must not inherit from this test's own.
# (AKUMA_SEED: --config=deterministic's seed, harness/schedules.py.)
BAZEL_TEST_ENV = ("TEST_UNDECLARED_OUTPUTS_DIR", "TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR", "XML_OUTPUT_FILE",
                  "TESTBRIDGE_TEST_ONLY", "TEST_TARGET", "BUILD_WORKSPACE_DIRECTORY", "AKUMA_SEED")  # fmt: skip


def qemu_processes_running(kernel: Path) -> list[str]:
    """Command lines of live QEMU processes booting `kernel` (ours, not other tests')."""
    out = subprocess.run(["pgrep", "-af", "qemu-system-aarch64"], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if str(kernel.resolve()) in line]


def report_of(stdout: str) -> str:
    """The runner's report: what follows the echoed console."""
    return stdout.split("--- end of the serial console ---\n", 1)[-1]


class Case(unittest.TestCase):
    def setUp(self) -> None:
        base = Path(os.environ.get("TEST_TMPDIR") or tempfile.gettempdir())
        self.tmp = Path(tempfile.mkdtemp(dir=base))
        self.tmpdir = self.tmp / "system-tmp"  # the runner's $TMPDIR: must stay empty
        self.tmpdir.mkdir()

    def tearDown(self) -> None:
        left = sorted(p.name for p in self.tmpdir.iterdir())
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.assertEqual(left, [], "left in the temporary directory")

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in BAZEL_TEST_ENV}
        outputs = self.tmp / "outputs"
        outputs.mkdir(exist_ok=True)
        env.update(TMPDIR=str(self.tmpdir), TEST_UNDECLARED_OUTPUTS_DIR=str(outputs))
        env.update(extra)
        return {k: v for k, v in env.items() if v}

    def image(self, kernel: str) -> Path:
        image = IMAGES / f"{kernel}.img"
        self.assertTrue(image.exists(), image)
        return image

    def golden(self, text: str, name: str = "case.golden") -> Path:
        path = self.tmp / name
        path.write_text(text)
        return path

    def run_runner(self, kernel: str, golden: Path, *extra: str, kind: str = "variant",
                   env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        image = self.image(kernel)
        result = subprocess.run(
            [sys.executable, str(RUNNER), "--kind", kind, "--kernel", str(image), "--golden", str(golden), *extra],
            capture_output=True, text=True, env=env or self.env(), timeout=timeout, stdin=subprocess.DEVNULL)
        self.assertEqual(qemu_processes_running(image), [], "QEMU outlived the runner")
        return result


def lines_golden(**changes: str) -> str:
    text = LINES_GOLDEN.read_text()
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


class Limits(Case):
    def test_silence_after_output_is_a_hang_with_the_awaited_line_and_the_last_lines(self) -> None:
        golden = self.golden("hang: spinning forever\nhang: done\n")
        result = self.run_runner("hang", golden, "--quiet-timeout", "2", "--timeout", "100")
        self.assertEqual(result.returncode, 1)
        report = report_of(result.stdout).splitlines()
        self.assertEqual(report[0], f"FAIL(hang): {golden} at {golden}:2")
        self.assertEqual(report[1], "no output for 2 s (--quiet-timeout) while waiting for golden line 2: hang: done")
        self.assertEqual(report[2:4], ["last 20 lines of the transcript:", "  hang: spinning forever"])

    def test_a_kernel_that_booted_and_printed_nothing_is_a_hang(self) -> None:
        golden = self.golden("anything\n")
        result = self.run_runner("silent", golden, "--quiet-timeout", "2", "--boot-timeout", "60")
        self.assertEqual(result.returncode, 1)
        report = report_of(result.stdout)
        self.assertIn(f"FAIL(hang): {golden} at {golden}:1\n", report)
        self.assertIn("the kernel booted but printed nothing for 2 s (--quiet-timeout) "
                      "while waiting for golden line 1: anything\n", report)

    def test_only_an_image_that_never_boots_is_a_boot_timeout(self) -> None:
        golden = self.golden("anything\n")
        result = self.run_runner("never_boots", golden, "--boot-timeout", "3", "--quiet-timeout", "1")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"FAIL(boot-timeout): {golden} at {golden}:1\n", report_of(result.stdout))
        self.assertIn("no sign of the kernel within --boot-timeout 3 s", result.stdout)


class Reports(Case):
    def test_matching_golden_passes(self) -> None:
        result = self.run_runner("lines", LINES_GOLDEN)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"PASS: {LINES_GOLDEN} (8 lines, QEMU exit status 0)", result.stdout)

    def test_one_changed_line_is_one_minus_and_one_plus_with_class_and_line_first(self) -> None:
        golden = self.golden(lines_golden(**{"lines: two\n": "lines: 2\n"}))
        result = self.run_runner("lines", golden)
        self.assertEqual(result.returncode, 1)
        report = report_of(result.stdout)
        self.assertTrue(report.startswith(f"FAIL(mismatch): {golden} at {golden}:3\n"), report)
        self.assertIn(f"--- expected ({golden})\n+++ got (transcript)\n"
                      "  2  lines: one\n- 3  lines: 2\n+    lines: two\n  4  lines: three\nreproduce: ", report)
        self.assertEqual(report.count("FAIL("), 1)
        # The evidence is kept.
        kept = {p.name for p in (self.tmp / "outputs").iterdir()}
        self.assertTrue({"serial.log", "transcript.txt", "qemu.argv", "qemu.stderr"} <= kept, kept)

    def test_the_printed_reproduce_command_exists_and_reproduces(self) -> None:
        golden = self.golden(lines_golden(**{"lines: three\n": "lines: 3\n"}))
        result = self.run_runner("lines", golden)
        command = next(line for line in result.stdout.splitlines() if line.startswith("reproduce: "))
        again = subprocess.run(command[len("reproduce: "):], shell=True, capture_output=True, text=True,
                               env=self.env(TEST_UNDECLARED_OUTPUTS_DIR=""), timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(again.returncode, 1, again.stdout + again.stderr)
        self.assertIn("lines: one\nlines: two\n", again.stdout)  # the live console
        self.assertIn(f"FAIL(mismatch): {golden} at {golden}:4\n", again.stdout)

    def test_a_panic_is_reported_once_with_its_backtrace_symbolized(self) -> None:
        result = self.run_runner("panic_call", self.golden("panic: checking an invariant that does not hold\nok\n"))
        self.assertEqual(result.returncode, 1)
        report = report_of(result.stdout)
        self.assertIn("FAIL(panic): ", report.splitlines()[0])
        self.assertEqual(report.count("*** KERNEL PANIC: invariant broken: value is 3, expected 7 ***"), 1, report)
        self.assertRegex(report, r"backtrace, symbolized:\n"
                         r"  #0 0x[0-9a-f]{16} akuma::check_invariant\(int\) at kernel/tests/panic_call\.cc:\d+\n"
                         r"  #1 0x[0-9a-f]{16} akuma::program_main\(\) at kernel/tests/panic_call\.cc:\d+\n"
                         r"  #2 0x[0-9a-f]{16} kernel_main at kernel/boot/main\.cc:\d+\n")

    def test_qemus_terminating_on_signal_noise_is_not_shown(self) -> None:
        result = self.run_runner("hang", self.golden("hang: spinning forever\nhang: done\n"), "--quiet-timeout", "1")
        self.assertIn("FAIL(hang)", result.stdout)
        self.assertIn("terminating on signal 15", (self.tmp / "outputs" / "qemu.stderr").read_text())
        self.assertNotIn("terminating on signal", result.stdout)
        self.assertNotIn("qemu.stderr:", result.stdout)


class Update(Case):
    def workspace(self, relative: str, text: str) -> Path:
        target = self.tmp / "workspace" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        return target

    def update(self, kernel: str, target: Path, relative: str, *extra: str, kind: str = "variant"):
        env = self.env(TEST_UNDECLARED_OUTPUTS_DIR="", BUILD_WORKSPACE_DIRECTORY=str(self.tmp / "workspace"))
        result = self.run_runner(kernel, target, "--mode", "update", "--golden-src-path", relative, *extra,
                                 kind=kind, env=env)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"updated {relative}\n", result.stdout)
        self.assertTrue((self.tmp / "workspace" / ".bazel" / "runs").is_dir())  # its files: bazel's dirs
        return result

    def test_values_that_vary_between_runs_become_patterns_and_it_says_so(self) -> None:
        relative = "golden/lines.golden"
        stale = lines_golden(**{"lines: clock {{[0-9]+\\.[0-9]{3}}} ms, {{0x[0-9a-f]{16}}}":
                                "lines: clock 12.345 ms, 0x0000000000bc614e", "lines: two\n": "lines: stale\n"})
        target = self.workspace(relative, stale)
        result = self.update("lines", target, relative)
        self.assertEqual(target.read_text(), LINES_GOLDEN.read_text())
        self.assertIn("2 runs compared (--runs)", result.stdout)
        self.assertRegex(result.stdout, rf"{relative}:8: varies between runs \('lines: clock [0-9.]+ ms, 0x[0-9a-f]{{16}}'"
                         rf" \| 'lines: clock [0-9.]+ ms, 0x[0-9a-f]{{16}}'\): proposed lines: clock ")
        self.assertEqual(self.run_runner("lines", target).returncode, 0)

    def test_a_session_golden_starts_from_typed_lines_and_gets_its_header(self) -> None:
        relative = "golden/typed.golden"
        target = self.workspace(relative, f"{PROMPT}echo typed only\n{PROMPT}ps\n")
        self.update("akuma", target, relative, "--label", "//harness/selftest:typed", kind="session")
        new = target.read_text()
        self.assertEqual(new, f"# golden for //harness/selftest:typed\n{PROMPT}echo typed only\ntyped only\n\n"
                              f"{PROMPT}ps\n  PID  PPID  STATE     NAME\n\n{PROMPT.rstrip()}\n")
        for _ in range(2):
            self.assertEqual(self.run_runner("akuma", target, kind="session").returncode, 0)


class Debug(Case):
    def test_repro_gdb_boots_stopped_and_prints_a_gdb_command_with_symbols(self) -> None:
        image = self.image("lines")
        proc = subprocess.Popen(
            [sys.executable, str(RUNNER), "--kind", "variant", "--kernel", str(image), "--golden", str(LINES_GOLDEN),
             "--mode", "repro", "--gdb"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=self.env(TEST_UNDECLARED_OUTPUTS_DIR="", BUILD_WORKSPACE_DIRECTORY=str(self.tmp)),
            stdin=subprocess.DEVNULL)  # fmt: skip
        assert proc.stdout is not None
        seen = []
        while not (line := proc.stdout.readline()).startswith("  gdb-multiarch "):
            self.assertTrue(line, "".join(seen))
            seen.append(line)
        command = line.strip()
        # gdb gets the ELF beside the Image: the symbols.
        self.assertIn(os.path.abspath(image)[: -len(".img")] + ".elf", command)
        # Stopping at program_main proves the guest waited for gdb, and that gdb has the symbols.
        gdb = subprocess.run(
            command + " -batch -nx -ex 'break akuma::program_main' -ex continue -ex 'info symbol $pc'"
            " -ex 'delete' -ex detach", shell=True, capture_output=True, text=True, timeout=60)  # fmt: skip
        self.assertRegex(gdb.stdout, r"akuma::program_main\(\)( \+ \d+)? in section \.text", gdb.stdout + gdb.stderr)
        out, _ = proc.communicate(timeout=60)
        proc.stdout.close()
        self.assertEqual(proc.returncode, 0, out)
        self.assertIn("lines: one\n", out)
        self.assertIn("PASS: ", out)

    def test_repro_keep_leaves_qemu_running_for_typing(self) -> None:
        golden = self.golden(f"{PROMPT}echo before\nbefore\n\n{PROMPT}\n", "session.golden")
        image = self.image("akuma")
        proc = subprocess.Popen(
            [sys.executable, str(RUNNER), "--kind", "session", "--kernel", str(image), "--golden", str(golden),
             "--mode", "repro", "--keep"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=self.env(TEST_UNDECLARED_OUTPUTS_DIR=""))  # fmt: skip
        assert proc.stdin is not None and proc.stdout is not None
        out = b""
        while b"QEMU keeps running" not in out:
            chunk = proc.stdout.read1(4096)
            self.assertTrue(chunk, out)
            out += chunk
        proc.stdin.write(b"echo typed by hand\r")
        proc.stdin.flush()
        while out.count(b"typed by hand") < 2:  # the echo of the line, then its output
            chunk = proc.stdout.read1(4096)
            self.assertTrue(chunk, out)
            out += chunk
        proc.stdin.write(b"\x01x")  # Ctrl-A X
        proc.stdin.flush()
        rest, _ = proc.communicate(timeout=30)
        out += rest
        self.assertEqual(proc.returncode, 0, out)
        self.assertIn(b"PASS: ", out)
        self.assertEqual(qemu_processes_running(image), [])

    def test_a_backtrace_through_the_user_kernel_boundary_is_labelled(self) -> None:
        golden = self.golden("user_panic: the next trap from user space panics\nok\n")
        result = self.run_runner("user_panic", golden, "--initrd", str(QUICK_EXIT_INITRD))
        self.assertEqual(result.returncode, 1)
        report = report_of(result.stdout)
        self.assertIn("*** KERNEL PANIC: self-test: a trap from user space ***", report)
        self.assertRegex(report, r"  #\d+ 0x[0-9a-f]{16} save_and_dispatch at kernel/arch/aarch64/vectors\.S:\d+ "
                         r"\(exception entry\)\n  #\d+ 0x000000[0-7][0-9a-f]{9} user space \(EL0\): the interrupted program\n")
        self.assertNotIn("__kernel_end", report)


class Schedules(Case):
    def race(self, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return self.run_runner("seeded_race", SEEDED_RACE_GOLDEN, "--initrd", str(READY_RACE_INITRD), *extra,
                               timeout=timeout)  # fmt: skip

    def test_stress_finds_the_failing_seeds_and_repro_replays_one_byte_for_byte(self) -> None:
        stress = self.race("--mode", "stress", "--seeds", "1-24", "--jobs", "2", "--outputs", str(self.tmp / "stress"))
        self.assertEqual(stress.returncode, 1, stress.stdout + stress.stderr)
        failing = [int(s) for s in stress.stdout.split("failing seeds: ")[1].split()]
        self.assertTrue(0 < len(failing) < 24, stress.stdout)  # the race goes both ways
        self.assertIn(f"seed {failing[0]}: FAIL(mismatch): ", stress.stdout)
        self.assertTrue((self.tmp / "stress" / f"seed-{failing[0]}" / "serial.log").exists())  # a failure's files stay
        passing = next(s for s in range(1, 25) if s not in failing)
        self.assertFalse((self.tmp / "stress" / f"seed-{passing}").exists())

        repro = self.race("--mode", "repro", "--seed", str(failing[0]), "--runs", "2")
        self.assertEqual(repro.returncode, 0, repro.stdout + repro.stderr)
        self.assertIn("run 1: mismatch", repro.stdout)
        self.assertIn(f"seed {failing[0]}: the 2 serial logs are identical", repro.stdout)
        log = (self.tmp / "outputs" / "run1" / "serial.log").read_bytes()
        self.assertTrue(log.startswith(f"sched: seeded schedule, seed {failing[0]}\r\n".encode()), log[:80])
        self.assertIn(b"parent: the child is ready by now\r\nchild: ready", log)

        one = self.race("--seed", str(failing[0]))  # a test run under that seed fails the same way
        self.assertIn("FAIL(mismatch)", one.stdout)
        self.assertIn(f"reproduce: {sys.executable}", one.stdout)
        self.assertIn(f"--seed {failing[0]}", one.stdout)

    def test_a_recorded_run_replays_and_steps_backwards_under_gdb(self) -> None:
        env = self.env(TEST_UNDECLARED_OUTPUTS_DIR="", BUILD_WORKSPACE_DIRECTORY=str(self.tmp))
        record = self.run_runner("seeded_race", SEEDED_RACE_GOLDEN, "--initrd", str(READY_RACE_INITRD),
                                 "--mode", "repro", "--seed", "3", "--record", env=env)  # fmt: skip
        self.assertIn("recorded: ", record.stdout, record.stdout + record.stderr)
        replay = self.run_runner("seeded_race", SEEDED_RACE_GOLDEN, "--mode", "replay", env=env)
        self.assertEqual(replay.returncode, 0, replay.stdout + replay.stderr)
        self.assertIn("the console is identical to the recording's", replay.stdout)

        image = self.image("seeded_race")
        proc = subprocess.Popen([sys.executable, str(RUNNER), "--kind", "variant", "--kernel", str(image),
                                 "--golden", str(SEEDED_RACE_GOLDEN), "--mode", "replay", "--gdb"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                                stdin=subprocess.DEVNULL)  # fmt: skip
        assert proc.stdout is not None
        seen = []
        while not (line := proc.stdout.readline()).startswith("  gdb-multiarch "):
            self.assertTrue(line, "".join(seen))
            seen.append(line)
        steps = " ".join(["-ex stepi"] * 3 + ["-ex 'p/x $pc'", "-ex reverse-stepi", "-ex 'p/x $pc'"])
        breaks = ("-ex 'break kernel_main' -ex 'break akuma::program_main' -ex continue -ex continue "
                  "-ex reverse-continue -ex 'info symbol $pc' -ex kill")  # fmt: skip
        gdb = subprocess.run(f"{line.strip()} -batch -nx {steps} {breaks}", shell=True, capture_output=True,
                             text=True, timeout=120)  # fmt: skip
        pcs = [int(v, 16) for v in re.findall(r"^\$\d+ = (0x[0-9a-f]+)$", gdb.stdout, re.M)]
        self.assertEqual(len(pcs), 2, gdb.stdout + gdb.stderr)
        self.assertEqual(pcs[1], pcs[0] - 4)  # one instruction back
        # Forward to program_main, then backwards to the earlier breakpoint.
        self.assertIn("Breakpoint 2, akuma::program_main", gdb.stdout)
        self.assertRegex(gdb.stdout.split("Breakpoint 2, ")[1], r"Breakpoint 1, kernel_main", gdb.stdout)
        self.assertRegex(gdb.stdout, r"\nkernel_main( \+ \d+)? in section \.text\n", gdb.stdout)
        proc.communicate(timeout=60)
        proc.stdout.close()

    def test_a_seed_is_refused_where_input_comes_from_the_host(self) -> None:
        golden = self.golden("@host type hello\nhello\n")
        result = self.run_runner("lines", golden, "--seed", "3")
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot run under a seed: its @host actions come from the host, at host speed", result.stdout)


class Results(Case):
    def test_junit_has_a_testcase_per_block_with_time_class_and_diff(self) -> None:
        golden = self.golden(lines_golden(**{"  second indented line\n": "  2nd indented line\n"}))
        xml = self.tmp / "test.xml"
        result = self.run_runner("lines", golden, env=self.env(XML_OUTPUT_FILE=str(xml)))
        self.assertEqual(result.returncode, 1)
        suite = ET.parse(xml).getroot().find("testsuite")
        assert suite is not None
        cases = {c.get("name"): c for c in suite.iter("testcase")}
        self.assertEqual(list(cases), ["lines 2-4", "a named block", "lines 8-9", "QEMU exit status"])
        self.assertTrue(all(float(c.get("time", "x")) >= 0 for c in cases.values()))
        self.assertEqual(len(cases["lines 2-4"]), 0)  # passed
        failure = cases["a named block"].find("failure")
        assert failure is not None
        self.assertEqual(failure.get("type"), "mismatch")
        self.assertTrue((failure.text or "").endswith("  6    first indented line\n- 7    2nd indented line\n"
                                                      "+      second indented line"), failure.text)
        self.assertIsNotNone(cases["lines 8-9"].find("skipped"))
        self.assertIn("lines: one\n", suite.findtext("system-out") or "")

    def test_test_filter_runs_up_to_the_selected_named_block(self) -> None:
        xml = self.tmp / "test.xml"
        result = self.run_runner("lines", LINES_GOLDEN, env=self.env(XML_OUTPUT_FILE=str(xml),
                                                                     TESTBRIDGE_TEST_ONLY="named"))
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn("up to --test_filter='named', QEMU stopped by the runner)", result.stdout)
        names = [c.get("name") for c in ET.parse(xml).getroot().iter("testcase")]
        self.assertEqual(names, ["a named block"])

    def test_test_filter_fails_loudly_where_it_cannot_select(self) -> None:
        result = self.run_runner("hang", self.golden("hang: spinning forever\n"),
                                 env=self.env(TESTBRIDGE_TEST_ONLY="spinning"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("FAIL(filter)", result.stdout)
        self.assertIn("has no blocks to select", result.stdout)
        result = self.run_runner("lines", LINES_GOLDEN, env=self.env(TESTBRIDGE_TEST_ONLY="no such block"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("selects no block of harness/selftest/lines.golden; its blocks: 'a named block'", result.stdout)

    def test_a_passing_tests_serial_log_is_kept_unzipped_and_named_last(self) -> None:
        annotations = self.tmp / "annotations"
        annotations.mkdir()
        env = self.env(TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR=str(annotations), TEST_TARGET="//pkg:name")
        result = self.run_runner("lines", LINES_GOLDEN, env=env)
        self.assertEqual(result.returncode, 0)
        last = result.stdout.splitlines()[-1]
        self.assertEqual(last, "serial log: .bazel/testlogs/pkg/name/test.outputs_manifest/ANNOTATIONS")
        logs = list(annotations.glob("*.part"))  # bazel concatenates these into ANNOTATIONS
        self.assertEqual(len(logs), 1)
        self.assertTrue(logs[0].read_text().startswith("lines: one\nlines: two\n"))

    def test_the_console_is_echoed_before_the_verdict(self) -> None:
        result = self.run_runner("lines", LINES_GOLDEN)
        console, _, verdict = result.stdout.partition("--- end of the serial console ---\n")
        self.assertIn("lines: one\nlines: two\nlines: three\na named block:\n", console)
        self.assertTrue(verdict.startswith("PASS: "), verdict)

    def test_runner_test_leaves_nothing_in_tmpdir(self) -> None:
        scratch = self.tmp / "test-tmp"
        scratch.mkdir()
        result = subprocess.run([sys.executable, "harness/runner_test.py"], capture_output=True, text=True,
                                env=self.env(TEST_TMPDIR=str(scratch)), timeout=120)  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(sorted(p.name for p in scratch.iterdir()), [])


if __name__ == "__main__":
    unittest.main()
