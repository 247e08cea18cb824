"""Unit tests for the runner and QEMU launcher parts that need no kernel.

Process cleanup is tested with stand-ins for QEMU (`sleep`, `sh`), which behave the same way
for signals and process groups.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import textwrap
import time
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path
from unittest import mock

import golden
import junit
import qemu
import runner
import schedules
import symbolize

HARNESS_DIR = Path(__file__).resolve().parent
LIMITS = runner.Limits(boot=5, quiet=5, run=5)


def alive(pid: int) -> bool:
    """True if `pid` exists and is not a zombie. The process may vanish between opening and
    reading its stat file (reading then fails with ESRCH): that is gone too."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_gone(pid: int, timeout: float = 5.0) -> bool:
    """Polls /proc (a test helper: nothing signals the death of a non-child)."""
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not alive(pid)


class BuildArgvTest(unittest.TestCase):
    def test_console_is_stdio_without_monitor_or_mux(self) -> None:
        argv = qemu.build_argv(qemu.Options("/k.elf"))
        self.assertEqual(argv[0], "qemu-system-aarch64")
        self.assertIn("stdio,id=con,signal=off", argv)
        self.assertEqual(argv[argv.index("-monitor") + 1], "none")
        self.assertEqual(argv[argv.index("-kernel") + 1], "/k.elf")
        self.assertNotIn("mon:stdio", " ".join(argv))
        self.assertEqual(argv[argv.index("-semihosting-config") + 1], "enable=on,userspace=on")
        self.assertEqual(argv[-2:], ["-nic", "none"])

    def test_net_forwards_the_host_port_to_guest_8080(self) -> None:
        argv = qemu.build_argv(qemu.Options("/k.elf", host_port=18123))
        self.assertIn("user,id=net0,hostfwd=tcp:127.0.0.1:18123-:8080", argv)
        self.assertIn("virtio-net-device,netdev=net0", argv)
        self.assertNotIn("-nic", argv)

    def test_gdb_halts_and_listens_on_localhost(self) -> None:
        argv = qemu.build_argv(qemu.Options("/k.elf", gdb_port=1234))
        self.assertEqual(argv[-3:], ["-S", "-gdb", "tcp:127.0.0.1:1234"])

    def test_initrd_command_line_and_memory(self) -> None:
        argv = qemu.build_argv(qemu.Options("/vmlinuz", initrd="/x.cpio", append="rdinit=/init", memory="256M"))
        self.assertEqual(argv[argv.index("-initrd") + 1], "/x.cpio")
        self.assertEqual(argv[argv.index("-append") + 1], "rdinit=/init")
        self.assertEqual(argv[argv.index("-m") + 1], "256M")
        plain = qemu.build_argv(qemu.Options("/k.elf"))
        self.assertNotIn("-initrd", plain)
        self.assertNotIn("-append", plain)
        self.assertEqual(plain[plain.index("-m") + 1], "128M")

    def test_the_boot_trace_and_what_of_stderr_is_shown(self) -> None:
        argv = qemu.build_argv(qemu.Options("/k.elf", trace_boot=True))
        self.assertEqual(argv[argv.index("-trace") + 1], "enable=gic_enable_irq")
        stderr = "gic_enable_irq irq 33 enabled\nqemu-system-aarch64: terminating on signal 15 from pid 9 (x)\nreal error\n"
        self.assertEqual(qemu.shown_stderr(stderr), ["real error"])

    def test_gdb_command_loads_the_kernels_symbols(self) -> None:
        self.assertEqual(qemu.gdb_command("/k.elf", 1234), "gdb-multiarch -q /k.elf -ex 'target remote 127.0.0.1:1234'")

    def test_interactive_console_has_a_mux_for_ctrl_a_x(self) -> None:
        self.assertIn("stdio,id=con,signal=off,mux=on", qemu.build_argv(qemu.Options("/k", interactive=True)))


def verdict(golden_text: str, transcript: str, status: int | None = 0, expect: int = 0) -> runner.Verdict:
    g = golden.Golden.parse(golden_text, None, "g.golden")
    failure = golden.match_transcript(g, transcript)
    return runner.classify(failure, None, golden.split_lines(transcript), status, expect, must_exit=True)


class SchedulesTest(unittest.TestCase):
    def test_seeds(self) -> None:
        self.assertEqual(schedules.parse_seeds("3"), [1, 2, 3])
        self.assertEqual(schedules.parse_seeds("5-7,10"), [5, 6, 7, 10])
        with self.assertRaises(ValueError):
            schedules.parse_seeds("x")

    def test_which_tests_qualify(self) -> None:
        plain = golden.Golden.parse("a\n", None, "g")
        typed = golden.Golden.parse("@host type x\nx\n", None, "g")
        self.assertIsNone(schedules.problem("variant", False, plain, "k.img"))
        self.assertIn("session", schedules.problem("session", False, plain, "k.img") or "")
        self.assertIn("network", schedules.problem("variant", True, plain, "k.img") or "")
        self.assertIn("@host", schedules.problem("variant", False, typed, "k.img") or "")
        self.assertIn("other than Akuma", schedules.problem("variant", False, plain, "vmlinuz") or "")

    def test_the_seed_goes_on_the_kernel_command_line(self) -> None:
        self.assertEqual(schedules.kernel_append(None, 7), "akuma.seed=7")
        self.assertEqual(schedules.kernel_append("quiet", 7), "quiet akuma.seed=7")
        args = runner.parse_args(["--kind", "variant", "--kernel", "k.img", "--golden", "g", "--seed", "9"])
        argv = qemu.build_argv(runner.qemu_options(args, None, None))
        self.assertEqual(argv[argv.index("-append") + 1], "akuma.seed=9")
        self.assertEqual(argv[argv.index("-icount") + 1], f"shift={schedules.ICOUNT_SHIFT},sleep=off")
        self.assertEqual(argv[argv.index("-M") + 1], "virt,dtb-randomness=off")
        self.assertIn("clock=vm", argv[argv.index("-rtc") + 1])
        self.assertEqual(runner.repro_command(runner.parse_args(["--kind", "variant", "--kernel", "k", "--golden", "g",
                                                                 "--label", "//a:b", "--seed", "4"])),
                         "bazel run //a:b.repro -- --seed=4")  # fmt: skip

    def test_a_recording_replays_the_network_too(self) -> None:
        argv = qemu.build_argv(qemu.Options("/k", host_port=1, icount_shift=4, rr_mode="record", rr_file="/r.bin",
                                            rr_snapshot_image="/s.qcow2"))  # fmt: skip
        self.assertIn("shift=4,sleep=off,rr=record,rrfile=/r.bin,rrsnapshot=start", argv)
        self.assertIn("file=/s.qcow2,if=none,id=rrsnapshot", argv)
        self.assertIn("filter-replay,id=replay,netdev=net0", argv)


class ProfilesTest(unittest.TestCase):
    def test_the_kernel_profile_is_named_with_its_elf(self) -> None:
        with tempfile.TemporaryDirectory(dir=os.environ.get("TEST_TMPDIR")) as tmp:
            out = Path(tmp)
            args = runner.parse_args(["--kind", "variant", "--kernel", str(out / "k.img"), "--golden", "g", "--profile"])
            runner.note_profiles(args, out)
            self.assertFalse((out / "profiles.txt").exists())  # no profile: nothing to name
            (out / "k.elf").write_text("")
            (out / runner.KERNEL_PROFILE).write_bytes(b"")
            (out / "prog-x-1.profraw").write_bytes(b"")
            runner.note_profiles(args, out)
            self.assertEqual((out / "profiles.txt").read_text(),
                             f"{runner.KERNEL_PROFILE} {os.path.realpath(out / 'k.elf')}\n")


class SymbolizeReportTest(unittest.TestCase):
    def test_each_stack_keeps_its_title(self) -> None:
        report = ["allocated at:", "  #0 0x0000000000001000", "freed at:", "  #0 0x0000000000002000",
                  "backtrace:", "  #0 0x0000000000003000", "  #1 0x0000000000004000"]
        names = {"0x0000000000001000": "a", "0x0000000000002000": "b", "0x0000000000003000": "c",
                 "0x0000000000004000": "d"}
        calls = []

        def frames(kernel: str, stack: list[str]) -> list[str]:
            calls.append(len(stack))  # one stack at a time: an exception entry ends only its own
            return [f"{line.split()[0]} {names[line.split()[1]]}" for line in stack]

        with mock.patch.object(symbolize, "symbolize_frames", side_effect=frames):
            self.assertEqual(symbolize.symbolize_report("k.elf", report),
                             ["allocated at:", "#0 a", "freed at:", "#0 b", "backtrace:", "#0 c", "#1 d"])
        self.assertEqual(calls, [1, 1, 2])
        with mock.patch.object(symbolize, "symbolize_frames", return_value=[]):
            self.assertEqual(symbolize.symbolize_report("k.elf", report), [])
        self.assertEqual(symbolize.symbolize_report("k.elf", ["no frames"]), [])


class ClassifyTest(unittest.TestCase):
    def test_pass(self) -> None:
        self.assertIsNone(verdict("hello\n", "hello\r\n").cls)

    def test_exit_status_when_transcript_matches(self) -> None:
        v = verdict("hello\n", "hello\n", status=3)
        self.assertEqual((v.cls, v.details), ("exit-status", ["QEMU exit status 3, expected 0"]))

    def test_unexpected_panic_shows_the_report(self) -> None:
        v = verdict("boot\nok\n", "boot\nKERNEL PANIC: oops\n  at x.cc:1\n", status=255)
        self.assertEqual(v.cls, "panic")
        self.assertEqual(v.details, ["the kernel panicked at transcript line 2; the golden expects line 2: ok",
                                     "KERNEL PANIC: oops", "  at x.cc:1"])

    def test_sanitizer_reports_have_their_own_class(self) -> None:
        for tool, cls in (("UBSAN", "ubsan"), ("KASAN", "kasan")):
            transcript = f"boot\n*** KERNEL PANIC: {tool}: something at k.cc:3:4 ***\ndetail\n*** end of panic report ***\n"
            v = verdict("boot\nok\n", transcript, status=100)
            self.assertEqual(v.cls, cls)
            self.assertEqual(v.details[0], f"the kernel stopped on a {tool} report at transcript line 2; "
                                           "the golden expects line 2: ok")
            self.assertEqual(v.details[-1], "*** end of panic report ***")
        self.assertEqual(verdict("ok\n", "*** KERNEL PANIC: UBSANITY ***\n").cls, "panic")

    def test_expected_panic_is_not_a_failure(self) -> None:
        self.assertIsNone(verdict("KERNEL PANIC: {{.*}}\n", "KERNEL PANIC: oops\n", status=1, expect=1).cls)

    def test_panic_before_a_later_mismatch_was_expected(self) -> None:
        v = verdict("KERNEL PANIC: {{.*}}\nok\n", "KERNEL PANIC: x\nnot ok\n")
        self.assertEqual(v.cls, "mismatch")

    def test_mismatch_beats_exit_status(self) -> None:
        v = verdict("hello\n", "goodbye\n", status=1)
        self.assertEqual(v.cls, "mismatch")
        self.assertIn("- 1  hello", v.details[0])

    def test_early_eof(self) -> None:
        self.assertEqual(verdict("a\nb\n", "a\n").cls, "early-eof")

    def test_deadlines(self) -> None:
        for cls in ("boot-timeout", "hang"):
            v = runner.classify(None, runner.Stop(cls, "golden line 2"), ["a"], None, 0, must_exit=True)
            self.assertEqual(v.cls, cls)

    def test_variant_that_closed_its_console_without_exiting_hangs(self) -> None:
        self.assertEqual(runner.classify(None, None, [], None, 0, must_exit=True).cls, "hang")

    def test_session_stopped_by_the_runner_passes(self) -> None:
        self.assertIsNone(runner.classify(None, None, [], None, 0, must_exit=False).cls)


class JunitTest(unittest.TestCase):
    def test_cases_failures_skips_and_bytes_xml_cannot_carry(self) -> None:
        cases = [junit.Case("a named block", "golden line 5", 0.25),
                 junit.Case("ps", "golden line 9", 1.5, failure=("mismatch", "mismatch at golden line 10", "- 10 x\n+ y")),
                 junit.Case("kill 1", "golden line 12", 0.0, skipped="not reached")]  # fmt: skip
        root = ET.fromstring(junit.render("//pkg:t", cases, "console \x07 bell\n"))
        suite = root.find("testsuite")
        assert suite is not None
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("skipped")), ("3", "1", "1"))
        failure = suite.find("testcase[@name='ps']/failure")
        assert failure is not None
        self.assertEqual((failure.get("type"), failure.text), ("mismatch", "- 10 x\n+ y"))
        self.assertEqual(suite.findtext("system-out"), "console \ufffd bell\n")


class SelectBlocksTest(unittest.TestCase):
    def test_substring_glob_and_loud_failures(self) -> None:
        g = golden.Golden.parse("akuma:/> httpd &\nok\nakuma:/> kill 1\nKilled\n", "akuma:/> ", "s.golden")
        self.assertIsNone(runner.select_blocks(g, None))
        self.assertEqual([b.name for b in runner.select_blocks(g, "kill") or []], ["kill 1"])
        self.assertEqual([b.name for b in runner.select_blocks(g, "*&") or []], ["httpd &"])
        with self.assertRaisesRegex(runner.FilterError, "selects no block of s.golden; its blocks: 'httpd &', 'kill 1'"):
            runner.select_blocks(g, "ps")
        with self.assertRaisesRegex(runner.FilterError, "has no blocks to select"):
            runner.select_blocks(golden.Golden.parse("a\nb\n", None, "v.golden"), "a")


class FakeShell:
    """Stands in for `qemu.Qemu` in Console tests: a line-editing shell that echoes input."""

    def __init__(self, replies: dict[str, str]) -> None:
        self.replies = replies
        self.pending = [b"boot\r\nakuma:/> "]
        self.sent: list[bytes] = []
        self.line = ""

    booted = True

    def read(self, timeout: float) -> bytes | None:
        if not self.pending:
            time.sleep(min(timeout, 0.05))  # a quiet console: the read blocks until its timeout
            return None
        return self.pending.pop(0)

    def send(self, data: bytes) -> None:
        self.sent.append(data)
        text = data.decode()
        if text == "\r":
            out = self.replies.get(self.line, "")
            self.pending.append(f"\r\n{out}akuma:/> ".encode())
            self.line = ""
        elif text == "\x03":
            self.pending.append(b"^C\r\nakuma:/> ")
        else:
            self.line += text
            self.pending.append(data)


class BazelTimeoutTest(unittest.TestCase):
    def test_run_deadline_stays_inside_bazels(self) -> None:
        self.assertEqual(runner.fit_bazel_timeout(120, {"TEST_TIMEOUT": "60"}), 50)
        self.assertEqual(runner.fit_bazel_timeout(30, {"TEST_TIMEOUT": "300"}), 30)
        self.assertEqual(runner.fit_bazel_timeout(30, {}), 30)
        self.assertEqual(runner.fit_bazel_timeout(30, {"TEST_TIMEOUT": "5"}), 1.0)


class ConsoleTest(unittest.TestCase):
    def drive(self, golden_text: str, shell: FakeShell) -> runner.Console:
        g = golden.Golden.parse(golden_text, "akuma:/> ", "s.golden")
        console = runner.Console(shell, "akuma:/> ", LIMITS)  # type: ignore[arg-type]
        matcher = golden.Matcher(g, runner.HostActions(shell, None).check)  # type: ignore[arg-type]
        runner.drive_test(console, matcher, "session")
        self.assertIsNone(matcher.failure, matcher.failure and matcher.failure.render())
        return console

    def test_typing_is_paced_by_echo_in_chunks(self) -> None:
        shell = FakeShell({"echo a long line of text": "a long line of text\r\n"})
        console = self.drive("boot\nakuma:/> echo a long line of text\na long line of text\n", shell)
        self.assertEqual([b"echo a l", b"ong line", b" of text", b"\r"], shell.sent)
        self.assertEqual(console.typed_at, [1])

    def test_final_prompt_line_and_host_key(self) -> None:
        shell = FakeShell({})
        console = self.drive("boot\nakuma:/> x\n@host key ctrl-c\n{{a}}kuma:/> ^C\nakuma:/>\n", shell)
        self.assertIn(b"\x03", shell.sent)
        self.assertEqual(console.lines[-1], "akuma:/>")

    def test_hang_while_waiting_for_output(self) -> None:
        g = golden.Golden.parse("boot\nnever\n", "akuma:/> ")
        console = runner.Console(FakeShell({}), "akuma:/> ", runner.Limits(5, 0.2, 5))  # type: ignore[arg-type]
        with self.assertRaises(runner.Stop) as stop:
            runner.drive_test(console, golden.Matcher(g), "session")
        self.assertEqual((stop.exception.cls, stop.exception.what), ("hang", "golden line 2: never"))


class QuietLimitTest(unittest.TestCase):
    def test_a_long_host_action_is_not_silence_of_the_guest(self) -> None:
        class SlowHost:
            def check(self, step: golden.HostAction) -> None:
                time.sleep(0.3)  # longer than the quiet limit: e.g. waiting for a server's timeout

        shell = FakeShell({"x": "done\r\n"})
        shell.pending = [b"boot\r\n", b"akuma:/> "]
        g = golden.Golden.parse("boot\n@host wait\nakuma:/> x\ndone\nakuma:/>\n", "akuma:/> ")
        console = runner.Console(shell, "akuma:/> ", runner.Limits(5, 0.2, 5))  # type: ignore[arg-type]
        matcher = golden.Matcher(g, runner.host_check(console, SlowHost()))  # type: ignore[arg-type]
        runner.drive_test(console, matcher, "session")
        self.assertIsNone(matcher.failure)
        self.assertEqual(console.lines[-2:], ["done", "akuma:/>"])


class HostActionsTest(unittest.TestCase):
    @mock.patch.object(runner, "HTTP_READY_S", 0.3)
    def test_http_refused_when_nothing_listens(self) -> None:
        host = runner.HostActions(None, qemu.free_port())  # type: ignore[arg-type]
        self.assertIsNone(host.check(golden.HostAction("http GET / -> refused", 1)))
        self.assertEqual(host.record(golden.HostAction("http GET /x -> 200", 1))[:17], "http GET /x -> re")

    def test_problems_are_reported_not_raised(self) -> None:
        host = runner.HostActions(None, None)  # type: ignore[arg-type]
        self.assertIn("--net", host.check(golden.HostAction("http GET / -> 200", 1)) or "")
        self.assertIn("unknown host action", host.check(golden.HostAction("ftp / -> 200", 1)) or "")
        self.assertIn("ctrl-X", host.check(golden.HostAction("key f1", 1)) or "")
        self.assertIn("TEXT COUNT", host.check(golden.HostAction("type-repeat a b 3", 1)) or "")
        self.assertIn("SEED COUNT", host.check(golden.HostAction("type-random x 3", 1)) or "")

    def test_tcp_hold_send_release(self) -> None:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(2)
        host = runner.HostActions(None, listener.getsockname()[1])  # type: ignore[arg-type]
        self.assertIn("after 'tcp hold'", host.check(golden.HostAction("tcp release", 1)) or "")
        self.assertIsNone(host.check(golden.HostAction("tcp hold GET /", 1)))
        self.assertIsNone(host.check(golden.HostAction("tcp hold", 1)))
        self.assertIsNone(host.check(golden.HostAction("tcp send hello", 1)))
        first, second = listener.accept()[0], listener.accept()[0]
        listener.close()
        self.assertEqual(first.recv(100), b"GET /")
        self.assertEqual(second.recv(100), b"hello\n")
        self.assertIn("no result", host.check(golden.HostAction("tcp send x -> ok", 1)) or "")
        self.assertIsNone(host.check(golden.HostAction("tcp release", 1)))
        self.assertEqual((first.recv(100), second.recv(100)), (b"", b""))  # both closed
        first.close()
        second.close()

    def test_tcp_release_waits_for_the_guest_to_close(self) -> None:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(3)
        host = runner.HostActions(None, listener.getsockname()[1])  # type: ignore[arg-type]
        self.assertIsNone(host.check(golden.HostAction("tcp hold", 1)))
        self.assertIsNone(host.check(golden.HostAction("tcp hold", 1)))
        first, second = listener.accept()[0], listener.accept()[0]
        first.sendall(b"bye")
        first.close()
        threading.Timer(0.2, second.close).start()  # the guest closes later: release waits
        self.assertIsNone(host.check(golden.HostAction("tcp release -> closed", 1)))
        self.assertIsNone(host.check(golden.HostAction("tcp hold", 1)))  # never accepted: stays open
        with mock.patch.object(runner.host_tcp, "IO_TIMEOUT_S", 0.3):
            self.assertEqual(host.record(golden.HostAction("tcp release -> closed", 1)), "tcp release -> open")
        listener.close()

    def test_typed_bytes_are_repeatable(self) -> None:
        sent: list[bytes] = []
        vm = mock.Mock(send=sent.append)
        host = runner.HostActions(vm, None)
        self.assertIsNone(host.check(golden.HostAction("type-repeat ab 3", 1)))
        self.assertEqual(sent.pop(), b"ababab")
        for _ in range(2):
            self.assertIsNone(host.check(golden.HostAction("type-random 7 500", 1)))
        self.assertEqual(sent[0], sent[1])
        self.assertEqual(len(sent[0]), 500)
        self.assertFalse(set(sent[0]) & {0x03, 0x0A, 0x0D})


class QemuCleanupTest(unittest.TestCase):
    def setUp(self) -> None:
        # Bazel's per-test directory, never the system's: and removed again either way.
        self.outdir = Path(tempfile.mkdtemp(prefix="runner_test-", dir=os.environ.get("TEST_TMPDIR")))
        self.addCleanup(shutil.rmtree, self.outdir, True)

    def test_context_exit_kills_the_process(self) -> None:
        with qemu.Qemu(["sleep", "1000"], self.outdir) as vm:
            pid = vm.pid
            self.assertTrue(alive(pid))
        self.assertFalse(alive(pid))
        self.assertIsNone(vm.status)  # stopped by us: no guest verdict
        self.assertEqual((self.outdir / "qemu.argv").read_text(), "sleep 1000\n")

    def test_exception_kills_the_whole_group_even_if_sigterm_is_ignored(self) -> None:
        script = "trap '' TERM; sleep 1000 & echo $!; wait"
        with mock.patch.object(qemu, "STOP_GRACE_S", 0.2), self.assertRaises(RuntimeError):
            with qemu.Qemu(["sh", "-c", script], self.outdir) as vm:
                grandchild = int(vm.read(5) or b"")
                raise RuntimeError("test failure inside the run")
        self.assertFalse(alive(vm.pid))
        self.assertTrue(wait_gone(grandchild))

    def test_exit_status_and_serial_log(self) -> None:
        with qemu.Qemu(["sh", "-c", "printf 'hi\\n'; exit 42"], self.outdir) as vm:
            self.assertEqual(vm.read(5), b"hi\n")  # raw: the pty adds no '\r'
            self.assertEqual(vm.read(5), b"")
            self.assertEqual(vm.wait_exit(5), 42)
        self.assertEqual((self.outdir / "serial.log").read_bytes(), b"hi\n")

    def harness(self) -> tuple[subprocess.Popen[str], int]:
        """A harness process running `sleep` as its QEMU; returns it and the sleep's pid."""
        code = f"""
            import signal, sys
            sys.path.insert(0, {str(HARNESS_DIR)!r})
            import qemu
            qemu.install_cleanup_handlers()
            with qemu.Qemu(["sleep", "1000"], qemu.Path({str(self.outdir)!r})) as vm:
                print(vm.pid, flush=True)
                signal.pause()
        """
        proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        return proc, int(proc.stdout.readline())

    def test_sigterm_to_the_harness_kills_qemu(self) -> None:
        proc, child = self.harness()
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)
        self.assertEqual(proc.wait(10), 128 + signal.SIGTERM)
        self.assertFalse(alive(child))

    def test_sigkill_to_the_harness_kills_qemu(self) -> None:
        proc, child = self.harness()
        proc.kill()
        proc.communicate(timeout=10)
        self.assertTrue(wait_gone(child))


if __name__ == "__main__":
    unittest.main()
