"""What `.update` learns from running a test more than once: the values that vary.

A golden must not bake in a value that changes from run to run (`up 0.010 s`), or a fresh
golden fails every other run. `.update` runs the test N times; where the runs' lines differ
only in numbers (a count, a time, an address), it proposes a `{{...}}` pattern for each
varying number and says so. Where they differ in anything else (a state name, a line more or
less) it proposes nothing: that is a race to look at, not a value to hide.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import golden

_NUMBER = re.compile(r"(0x[0-9a-fA-F]+|[0-9]+(?:\.[0-9]+)?)")


def _number_regex(values: Sequence[str]) -> str:
    """A regex for a number token that takes these values: an address keeps its width, a
    time its decimals."""
    if all(v.startswith("0x") for v in values):
        digits = "0-9a-f" if all(v == v.lower() for v in values) else "0-9a-fA-F"
        widths = {len(v) - 2 for v in values}
        return f"0x[{digits}]{{{widths.pop()}}}" if len(widths) == 1 else f"0x[{digits}]+"
    if all("." in v for v in values):
        decimals = {len(v.split(".")[1]) for v in values}
        return rf"[0-9]+\.[0-9]{{{decimals.pop()}}}" if len(decimals) == 1 else r"[0-9]+\.[0-9]+"
    if any("." in v or v.startswith("0x") for v in values):
        return r"[0-9a-fx.]+"
    return "[0-9]+"


def propose(values: Sequence[str]) -> str | None:
    """A golden line that matches every value, with a pattern for each number that differs;
    None if the values differ in more than numbers."""
    parts = [_NUMBER.split(v) for v in values]
    if len({len(p) for p in parts}) != 1:
        return None
    out = []
    for k, column in enumerate(zip(*parts)):
        if k % 2 == 0:  # text between numbers
            if len(set(column)) != 1:
                return None
            out.append(golden.escape_literal(column[0]))
        elif len(set(column)) == 1:
            out.append(column[0])
        else:
            out.append("{{" + _number_regex(column) + "}}")
    source = "".join(out)
    pattern = golden.parse_pattern(source, "<proposal>", set())
    return source if all(pattern.match(v, {}) is not None for v in values) else None


@dataclass
class Variation:
    """A transcript line (index into run 1) whose text differs between runs."""

    values: list[str]  # run 1's line first, then each different one
    pattern: str | None  # the proposal, or None if not just numbers


@dataclass
class Comparison:
    varying: dict[int, Variation] = field(default_factory=dict)
    unaligned: list[tuple[int, int, list[str], list[str]]] = field(default_factory=list)  # run, at, run 1's, its

    def proposals(self) -> dict[int, str]:
        return {i: v.pattern for i, v in self.varying.items() if v.pattern is not None}

    def others(self) -> dict[int, list[str]]:
        return {i: v.values[1:] for i, v in self.varying.items()}

    def notes(self, where: Callable[[int], str]) -> list[str]:
        """What to tell the user; `where(i)` names transcript line i in the new golden."""
        out = []
        for i, var in sorted(self.varying.items()):
            seen = " | ".join(repr(v) for v in var.values)
            if var.pattern is not None:
                out.append(f"{where(i)}: varies between runs ({seen}): proposed {var.pattern}")
            else:
                out.append(f"{where(i)}: differs between runs in more than a number ({seen}): "
                           "kept run 1's text; a race to look at?")  # fmt: skip
        for run, at, mine, theirs in self.unaligned:
            out.append(f"{where(at)}: run {run} printed other lines here than run 1 "
                       f"(run 1: {mine!r}, run {run}: {theirs!r}): kept run 1's; a race to look at?")  # fmt: skip
        return out


def compare(runs: Sequence[Sequence[str]], typed: Collection[int] = ()) -> Comparison:
    """Aligns every run's lines with run 1's and collects where they differ. `typed`: the
    indices of run 1's typed lines (never patterns)."""
    result = Comparison()
    base = list(runs[0])
    seen: dict[int, list[str]] = {}
    for number, other in enumerate(runs[1:], start=2):
        ops = difflib.SequenceMatcher(None, base, list(other), autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for i, j in zip(range(i1, i2), range(j1, j2)):
                    values = seen.setdefault(i, [base[i]])
                    if other[j] not in values:
                        values.append(other[j])
            else:
                result.unaligned.append((number, i1, base[i1:i2], list(other[j1:j2])))
    for i, values in seen.items():
        result.varying[i] = Variation(values, None if i in typed else propose(values))
    return result
