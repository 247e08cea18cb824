"""Unit tests for harness/golden.py: the golden format, matching, diffs and `.update` rendering.

Run from the repo root: `python3 -m unittest harness/golden_test.py` or `python3 harness/golden_test.py`.
"""

from __future__ import annotations

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden import (  # noqa: E402
    Expect,
    Golden,
    GoldenError,
    HostAction,
    LineBuffer,
    Matcher,
    Typed,
    escape_literal,
    match_transcript,
    normalize,
    blocks,
    render_golden,
    split_lines,
)

PROMPT = "akuma:/> "


def golden(text: str, prompt: str | None = None) -> Golden:
    return Golden.parse(text, prompt, "golden/t.golden")


class NormalizeTest(unittest.TestCase):
    def test_line_ends_ansi_and_trailing_blanks(self) -> None:
        raw = "\x1b[1;32mok\x1b[0m  \r\nnext\t\rlast\x1b]0;title\x07\x1b[K \r\n"
        self.assertEqual(normalize(raw), "ok\nnext\nlast\n")
        self.assertEqual(split_lines(raw), ["ok", "next", "last"])

    def test_only_one_trailing_empty_line_is_dropped(self) -> None:
        self.assertEqual(split_lines("a\n\n"), ["a", ""])
        self.assertEqual(split_lines("a"), ["a"])
        self.assertEqual(split_lines("a\n\nb\n"), ["a", "", "b"])

    def test_line_buffer_equals_split_lines_whatever_the_chunking(self) -> None:
        raw = "boot\r\n\x1b[2Jmid\r\r\n\nakuma:/> "
        for size in range(1, len(raw) + 1):
            buf = LineBuffer()
            lines: list[str] = []
            for i in range(0, len(raw), size):
                lines += buf.feed(raw[i : i + size])
            lines += buf.finish()
            self.assertEqual(lines, split_lines(raw), f"chunk size {size}")

    def test_line_buffer_partial_shows_the_waiting_prompt(self) -> None:
        buf = LineBuffer()
        self.assertEqual(buf.feed("hello\r\nakuma:/> "), ["hello"])
        self.assertEqual(buf.partial, "akuma:/>")


class ParseTest(unittest.TestCase):
    def test_steps_header_and_line_numbers(self) -> None:
        g = golden("# header\n# more\nboot\nakuma:/> ls\n@host http GET / -> 200\n# not a comment\nakuma:/>\n", PROMPT)
        self.assertEqual(g.header, ["# header", "# more"])
        self.assertEqual(g.line_count, 7)
        kinds = [(type(s).__name__, s.line_no, s.source) for s in g.steps]
        self.assertEqual(
            kinds,
            [
                ("Expect", 3, "boot"),
                ("Typed", 4, "akuma:/> ls"),
                ("HostAction", 5, "@host http GET / -> 200"),
                ("Expect", 6, "# not a comment"),
                ("Expect", 7, "akuma:/>"),
            ],
        )
        self.assertEqual(g.steps[1], Typed("ls", 4, PROMPT))
        self.assertEqual(g.steps[2], HostAction("http GET / -> 200", 5))

    def test_without_prompt_nothing_is_typed(self) -> None:
        g = golden("akuma:/> ls\n")
        self.assertIsInstance(g.steps[0], Expect)

    def test_errors_name_the_line(self) -> None:
        cases = {
            "ok\n{{[}}\n": "golden/t.golden:2: bad regex",
            "ok\nx {{abc\n": "golden/t.golden:2: unterminated {{",
            "[[PID]]\n": "golden/t.golden:1: [[PID]] is used before it is bound",
            "[[1X:a]]\n": "golden/t.golden:1: bad variable",
            "@host\n": "golden/t.golden:1: empty @host action",
        }
        for text, message in cases.items():
            with self.subTest(text=text), self.assertRaises(GoldenError) as cm:
                golden(text)
            self.assertIn(message, str(cm.exception))

    def test_nested_brackets_end_patterns_where_expected(self) -> None:
        g = golden("n={{\\d{3}}} id=[[ID:[0-9]]]!\n")
        self.assertIsNone(match_transcript(g, "n=123 id=7!\n"))
        self.assertIsNotNone(match_transcript(g, "n=12 id=7!\n"))


class MatchTest(unittest.TestCase):
    def test_exact_match(self) -> None:
        self.assertIsNone(match_transcript(golden("hello\nworld\n"), "hello\r\nworld\r\n"))

    def test_wrong_line_names_the_golden_line(self) -> None:
        m = match_transcript(golden("# hdr\none\ntwo\nthree\n"), "one\nTWO\nthree\n")
        assert m is not None
        self.assertEqual((m.kind, m.line_no, m.transcript_line), ("mismatch", 3, 2))
        self.assertEqual(m.expected, [(3, "two"), (4, "three")])
        self.assertEqual(m.got, ["one", "TWO", "three"])  # the block from its start
        self.assertIn("  2  one\n- 3  two\n+    TWO\n  4  three\n", m.render())

    def test_regex(self) -> None:
        g = golden("uptime {{[0-9]+}} ms (a|b)\n")
        self.assertIsNone(match_transcript(g, "uptime 1234 ms (a|b)\n"))
        self.assertIsNotNone(match_transcript(g, "uptime 12x ms (a|b)\n"))

    def test_regex_alternation_stays_inside_its_braces(self) -> None:
        g = golden("x{{a|b}}y\n")
        self.assertIsNone(match_transcript(g, "xby\n"))
        self.assertIsNotNone(match_transcript(g, "a\n"))

    def test_variable_binding_and_backreference(self) -> None:
        g = golden("pid [[PID:[0-9]+]] started\npid [[PID]] exited\n")
        self.assertIsNone(match_transcript(g, "pid 42 started\npid 42 exited\n"))
        m = match_transcript(g, "pid 42 started\npid 43 exited\n")
        assert m is not None
        self.assertEqual((m.kind, m.line_no), ("mismatch", 2))
        self.assertIn("where [[PID]] = '42'", m.render())

    def test_backreference_on_the_same_line_and_rebinding(self) -> None:
        g = golden("[[A:\\w+]]=[[A]]\n[[A:\\w+]]\n[[A]]\n")
        self.assertIsNone(match_transcript(g, "x=x\ny\ny\n"))
        self.assertIsNotNone(match_transcript(g, "x=y\ny\ny\n"))
        self.assertIsNotNone(match_transcript(g, "x=x\ny\nx\n"))

    def test_regex_text_is_regex_but_the_rest_is_literal(self) -> None:
        g = golden("a.b (x)* $\n")
        self.assertIsNone(match_transcript(g, "a.b (x)* $\n"))
        self.assertIsNotNone(match_transcript(g, "axb (x)* $\n"))

    def test_missing_lines(self) -> None:
        m = match_transcript(golden("one\ntwo\nthree\n"), "one\n")
        assert m is not None
        self.assertEqual((m.kind, m.line_no, m.transcript_line), ("missing", 2, 1))
        self.assertEqual(m.got, ["one"])
        self.assertIn("<end of transcript>", m.render())

    def test_extra_lines(self) -> None:
        m = match_transcript(golden("one\n"), "one\ntwo\nthree\n")
        assert m is not None
        self.assertEqual((m.kind, m.line_no, m.transcript_line), ("unexpected", 1, 2))
        self.assertEqual(m.got, ["one", "two", "three"])
        self.assertIn("  1  one\n+    two\n+    three\n     (the golden ends at line 1)\n", m.render())

    def test_crlf_and_ansi_are_normalised(self) -> None:
        g = golden("ready   \nakuma:/> ls\n", PROMPT)
        self.assertIsNone(match_transcript(g, "\x1b[0mready\r\n\x1b[32makuma:/> \x1b[0mls \r\n"))

    def test_blank_lines_are_significant(self) -> None:
        g = golden("job\n\ndone\n")
        self.assertIsNone(match_transcript(g, "job\n\ndone\n"))
        m = match_transcript(g, "job\ndone\n")
        assert m is not None
        self.assertEqual((m.kind, m.line_no), ("mismatch", 2))
        self.assertNotIn(" \n", m.render())  # the blank line is shown without trailing blanks

    def test_hash_after_the_header_is_ordinary_text(self) -> None:
        self.assertIsNone(match_transcript(golden("# hdr\nx\n# y\n"), "x\n# y\n"))

    def test_trailing_prompt_without_newline(self) -> None:
        g = golden("akuma:/> echo hi\nhi\nakuma:/>\n", PROMPT)
        self.assertIsNone(match_transcript(g, "akuma:/> echo hi\r\nhi\r\nakuma:/> "))

    def test_typed_lines_are_literal_and_exposed_to_the_driver(self) -> None:
        g = golden("boot\nakuma:/> echo {{x}}\n{{x}}\n", PROMPT)
        matcher = Matcher(g)
        self.assertIsNone(matcher.feed_line("boot"))
        step = matcher.peek()
        self.assertEqual(step, Typed("echo {{x}}", 2, PROMPT))
        self.assertIsNone(matcher.feed_line("akuma:/> echo {{x}}"))
        self.assertIsNone(matcher.feed_line("x"))
        self.assertIsNone(matcher.expect_end())

    def test_wrong_echo_is_a_mismatch(self) -> None:
        m = match_transcript(golden("akuma:/> ls\n", PROMPT), "akuma:/> lss\n")
        assert m is not None
        self.assertEqual((m.kind, m.line_no), ("mismatch", 1))

    def test_host_actions_run_in_order_after_the_line_before_them(self) -> None:
        g = golden("@host boot-check\nlistening\n@host http GET / -> 200\n@host http GET /x -> 404\nok\n")
        log: list[str] = []
        matcher = Matcher(g, lambda action: log.append(action.text))
        self.assertEqual(log, ["boot-check"])
        matcher.feed_line("listening")
        self.assertEqual(log, ["boot-check", "http GET / -> 200", "http GET /x -> 404"])
        self.assertIsNone(matcher.feed_line("ok"))
        self.assertIsNone(matcher.expect_end())

    def test_failed_host_action(self) -> None:
        g = golden("listening\n@host http GET / -> 200\nok\n")
        m = match_transcript(g, "listening\nok\n", lambda action: "refused")
        assert m is not None
        self.assertEqual((m.kind, m.line_no), ("host", 2))
        self.assertIn("(after transcript line 1)\n", m.render())
        self.assertIn("\n- 2  @host http GET / -> 200\n+    @host: refused\n  3  ok\n", m.render())

    def test_host_lines_need_a_driver(self) -> None:
        with self.assertRaises(ValueError):
            Matcher(golden("@host http GET / -> 200\n"))

    def test_matcher_is_stuck_after_a_failure_and_keeps_what_came(self) -> None:
        matcher = Matcher(golden("a\nb\n"), keep=2)
        first = matcher.feed_line("x")
        for line in ["y", "z"]:
            self.assertIs(matcher.feed_line(line), first)
        self.assertIs(matcher.expect_end(), first)
        assert first is not None
        self.assertEqual(first.got, ["x", "y"])
        self.assertIsNone(matcher.peek())


class RenderDiffTest(unittest.TestCase):
    def test_annotated_diff(self) -> None:
        g = golden("# h\nboot\nakuma:/> uptime\nup {{[0-9]+}} ms\nakuma:/>\n", PROMPT)
        m = match_transcript(g, "boot\nakuma:/> uptime\nup soon\nakuma:/> ")
        assert m is not None
        self.assertEqual(
            m.render(),
            "golden/t.golden:4: mismatch: the output differs from the golden (transcript line 3)\n"
            "--- expected (golden/t.golden)\n"
            "+++ got (transcript)\n"
            "  3  akuma:/> uptime\n"
            "- 4  up {{[0-9]+}} ms\n"
            "+    up soon\n"
            "  5  akuma:/>\n",
        )
        self.assertEqual(str(m), m.render())

    def test_color_only_when_asked(self) -> None:
        m = match_transcript(golden("a\n"), "b\n")
        assert m is not None
        self.assertNotIn("\x1b", m.render())
        self.assertIn("\x1b[31m- 1  a\x1b[0m", m.render(color=True))


class BlocksTest(unittest.TestCase):
    def test_a_variants_named_blocks(self) -> None:
        g = golden("# h\nstart\nfirst case:\n  a\n  b\nsecond case:\n  c\n@host tcp hold\nheld\nlast\n")
        got = [(b.name, b.line_no, b.first, b.end, b.selectable) for b in blocks(g)]
        self.assertEqual(got, [("line 2", 2, 0, 1, False), ("first case", 3, 1, 4, True),
                               ("second case", 6, 4, 6, True), ("@host tcp hold", 8, 6, 9, True)])

    def test_lines_after_a_named_block_are_a_block_of_their_own(self) -> None:
        g = golden("case:\n  a\nstill running: yes\ndone\n")
        self.assertEqual([b.name for b in blocks(g)], ["case", "lines 3-4"])

    def test_a_sessions_blocks_are_its_commands_and_host_actions(self) -> None:
        g = golden("akuma:/> httpd &\nlistening\n\n@host http GET / -> 200\nakuma:/> ps\nx:\n  y\n", PROMPT)
        self.assertEqual([b.name for b in blocks(g)], ["httpd &", "@host http GET / -> 200", "ps"])


class AlignedDiffTest(unittest.TestCase):
    def test_a_changed_line_in_a_long_block_is_one_minus_and_one_plus(self) -> None:
        text = "".join(f"line {n}\n" for n in range(1, 21))
        m = match_transcript(golden(text.replace("line 7\n", "line seven\n")), text)
        assert m is not None
        diff = m.render().splitlines()
        self.assertEqual([d for d in diff if d.startswith(("- ", "+ "))], ["-  7  line seven", "+     line 7"])
        self.assertEqual(diff[3], "   1  line 1")  # the whole block, from its first line
        self.assertEqual(diff[-1], "  20  line 20")

    def test_only_the_failing_block_and_changes_after_it_are_shown(self) -> None:
        g = golden("one:\n  a\ntwo:\n  b\n  c\nthree:\n  d\n")
        m = match_transcript(g, "one:\n  a\ntwo:\n  B\n  c\nthree:\n  d\n")
        assert m is not None
        self.assertEqual(m.render().splitlines()[3:], ["  3  two:", "- 4    b", "+      B", "  5    c"])

    def test_lines_that_never_came_are_minus_lines(self) -> None:
        m = match_transcript(golden("case:\n  a\n  b\n  c\nnext:\n  d\n"), "case:\n  a\n  B\n")
        assert m is not None
        self.assertEqual(m.render().splitlines()[3:], ["  1  case:", "  2    a", "- 3    b", "- 4    c", "+      B"])


class RenderGoldenTest(unittest.TestCase):
    TRANSCRIPT = "boot {{v1}} [[x]]\r\n# hash\r\n@host look-alike\r\nakuma:/> ls\r\nbin\r\nakuma:/> fake\r\n\r\nakuma:/> "

    def render(self, old: Golden | None = None, transcript: str = TRANSCRIPT) -> str:
        return render_golden(transcript, PROMPT, {3}, [(4, "http GET / -> 200")], ["# golden for //t"], old)

    def test_round_trip(self) -> None:
        text = self.render()
        self.assertEqual(
            text,
            "# golden for //t\n"
            "boot {{\\{\\{}}v1}} {{\\[\\[}}x]]\n"
            "# hash\n"
            "{{@}}host look-alike\n"
            "akuma:/> ls\n"
            "@host http GET / -> 200\n"
            "bin\n"
            "{{a}}kuma:/> fake\n"
            "\n"
            "akuma:/>\n",
        )
        g = golden(text, PROMPT)
        self.assertEqual(g.header, ["# golden for //t"])
        self.assertEqual([type(s).__name__ for s in g.steps].count("Typed"), 1)
        self.assertIsNone(match_transcript(g, self.TRANSCRIPT, lambda action: None))

    def test_first_body_line_with_hash_is_escaped(self) -> None:
        text = render_golden("# not a header\nx\n", None, (), (), [])
        self.assertEqual(text, "{{\\#}} not a header\nx\n")
        self.assertIsNone(match_transcript(golden(text), "# not a header\nx\n"))

    def test_trailing_host_action(self) -> None:
        text = render_golden("bye\n", None, (), [(1, "http GET / -> refused")], [])
        self.assertEqual(text, "bye\n@host http GET / -> refused\n")

    def test_patterns_survive_update_when_they_still_match(self) -> None:
        old = golden(
            "# old header\n"
            "boot {{[0-9]+}} ms\n"
            "pid [[PID:[0-9]+]]\n"
            "pid [[PID]] done\n"
            "tick {{[0-9]+}}\n"
            "static\n",
            PROMPT,
        )
        new = render_golden("boot 99 ms\npid 7\npid 7 done\ntick soon\nchanged\n", PROMPT, (), (), old.header, old)
        self.assertEqual(
            new,
            "# old header\n"
            "boot {{[0-9]+}} ms\n"
            "pid [[PID:[0-9]+]]\n"
            "pid [[PID]] done\n"
            "tick soon\n"
            "changed\n",
        )

    def test_backreference_is_dropped_with_its_binding(self) -> None:
        old = golden("pid [[PID:[0-9]+]]\npid [[PID]] done\n")
        new = render_golden("process 7\npid 7 done\n", None, (), (), [], old)
        self.assertEqual(new, "process 7\npid 7 done\n")
        golden(new)  # still a valid golden: no use of an unbound variable

    def test_escape_literal_matches_itself(self) -> None:
        for text in ["{{", "[[", "{{{", "[[[x]]]", "a{{b}}c[[D]]e", "}}]]", "{[{["]:
            with self.subTest(text=text):
                self.assertIsNone(match_transcript(golden(escape_literal(text) + "\n"), text + "\n"))


if __name__ == "__main__":
    unittest.main()
