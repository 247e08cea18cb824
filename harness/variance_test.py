"""Unit tests for harness/variance.py: what `.update` proposes for values that vary."""

from __future__ import annotations

import unittest

import golden
import variance


class ProposeTest(unittest.TestCase):
    def test_a_time_keeps_its_decimals(self) -> None:
        self.assertEqual(variance.propose(["up 0.010 s", "up 0.012 s"]), r"up {{[0-9]+\.[0-9]{3}}} s")

    def test_an_address_keeps_its_width_and_equal_numbers_stay(self) -> None:
        got = variance.propose(["pid 3 at 0x0000000040080a10", "pid 3 at 0x00000000400b0000"])
        self.assertEqual(got, "pid 3 at {{0x[0-9a-f]{16}}}")

    def test_counts(self) -> None:
        self.assertEqual(variance.propose(["7 ticks", "12 ticks", "9 ticks"]), "{{[0-9]+}} ticks")

    def test_other_differences_are_not_hidden(self) -> None:
        self.assertIsNone(variance.propose(["state ready", "state blocked"]))
        self.assertIsNone(variance.propose(["a 1", "a 1 2"]))

    def test_literal_text_around_the_pattern_is_escaped(self) -> None:
        proposal = variance.propose(["{{x}} 1", "{{x}} 2"])
        assert proposal is not None
        pattern = golden.parse_pattern(proposal, "t", set())
        self.assertIsNotNone(pattern.match("{{x}} 3", {}))


class CompareTest(unittest.TestCase):
    def test_varying_lines_and_lines_one_run_lacks(self) -> None:
        c = variance.compare([["a", "up 0.010 s", "b"], ["a", "up 0.013 s", "b"], ["a", "up 0.010 s", "c", "d"]])
        self.assertEqual(c.proposals(), {1: r"up {{[0-9]+\.[0-9]{3}}} s"})
        self.assertEqual(c.others(), {1: ["up 0.013 s"]})
        self.assertEqual(c.unaligned, [(3, 2, ["b"], ["c", "d"])])
        notes = c.notes(lambda i: f"g:{i + 1}")
        self.assertTrue(notes[0].startswith("g:2: varies between runs ('up 0.010 s' | 'up 0.013 s'): proposed up "))
        self.assertIn("g:3: run 3 printed other lines here than run 1", notes[1])

    def test_typed_lines_get_no_pattern(self) -> None:
        c = variance.compare([["akuma:/> sleep 1"], ["akuma:/> sleep 2"]], typed={0})
        self.assertEqual(c.proposals(), {})

    def test_render_golden_uses_proposals_unless_an_old_pattern_matches_every_run(self) -> None:
        old = golden.Golden.parse("t {{[0-9]+}}\nu 1\n", None)
        where: dict[int, int] = {}
        text = golden.render_golden("t 5\nu 7\n", None, (), (), ["# h"], old, {0: "t {{x}}", 1: "u {{[0-9]+}}"},
                                    {0: ["t 6"], 1: ["u 8"]}, where)  # fmt: skip
        self.assertEqual(text, "# h\nt {{[0-9]+}}\nu {{[0-9]+}}\n")
        self.assertEqual(where, {0: 2, 1: 3})


if __name__ == "__main__":
    unittest.main()
