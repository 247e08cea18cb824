"""Golden transcripts: the file format, its parser, a strict line matcher and the annotated diff.

A golden file is what a developer expects to see on Akuma's serial console, one line per line:

    # golden for //kernel/tests:timer          <- leading '#' lines: header comment block
    akuma:/> uptime                            <- prompt + text: the harness types "uptime"
    up {{[0-9]+}} ms                           <- expected output; {{regex}} for what varies
    pid [[PID:[0-9]+]] started                 <- [[VAR:regex]] binds VAR ...
    pid [[PID]] exited                         <- ... and [[VAR]] must repeat the same text
    @host http GET / -> 200                    <- host action, handed to the driver in order
    akuma:/>                                   <- just the prompt: expected, nothing typed

This module is pure logic (no QEMU, no I/O besides `Golden.load`) so that the format can be
unit-tested on its own and shared by the test-variant runner, the session driver and `.update`.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HOST_PREFIX = "@host"

# ANSI/VT escape sequences: OSC (ended by BEL or ST), CSI, then any other ESC sequence
# (e.g. ESC 7, ESC c). The kernel's line editor may emit these; they are never expected text.
_ANSI_RE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]"
)
_VAR_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?::(.*))?", re.DOTALL)
# Literal text that would otherwise open a pattern; see `escape_literal`.
_OPENERS_RE = re.compile(r"\{\{|\[\[")


# --------------------------------------------------------------------------- normalisation


def normalize(text: str) -> str:
    """Canonical form of a transcript: no escape sequences, '\\n' line ends, no trailing blanks.

    Serial output carries terminal noise (CR, colour codes, padding) that says nothing about
    correctness; stripping it here keeps golden files readable and stable.
    """
    text = _ANSI_RE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


def split_lines(text: str) -> list[str]:
    """Normalised lines of `text`; one trailing empty line (a final newline) is not a line."""
    lines = normalize(text).split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


class LineBuffer:
    """Turns a serial stream that arrives in arbitrary chunks into normalised lines.

    Gives exactly `split_lines(whole_stream)` in pieces: a '\\r' at the end of a chunk is held
    back because it may be the first half of '\\r\\n'. `partial` is the unfinished line, which
    is where the shell's prompt waits (it is not followed by a newline until we type).
    """

    def __init__(self) -> None:
        self._rest = ""

    def feed(self, chunk: str) -> list[str]:
        """Adds `chunk`; returns the lines it completed."""
        self._rest += chunk
        cut = max(self._rest.rfind("\n"), self._rest.rfind("\r", 0, len(self._rest) - 1))
        if cut < 0:
            return []
        done, self._rest = self._rest[: cut + 1], self._rest[cut + 1 :]
        return split_lines(done)

    @property
    def partial(self) -> str:
        """The normalised text after the last complete line (e.g. 'akuma:/>')."""
        return normalize(self._rest).split("\n")[-1]

    def finish(self) -> list[str]:
        """Ends the stream; returns what was left as lines (an unterminated prompt counts)."""
        rest, self._rest = self._rest, ""
        return split_lines(rest) if rest else []


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class Regex:
    """`{{regex}}`: any text the regex matches."""

    regex: str


@dataclass(frozen=True)
class Bind:
    """`[[VAR:regex]]`: text the regex matches, remembered as VAR."""

    name: str
    regex: str


@dataclass(frozen=True)
class Use:
    """`[[VAR]]`: exactly the text VAR was last bound to."""

    name: str


Part = str | Regex | Bind | Use


class GoldenError(ValueError):
    """A malformed golden file; the message starts with 'path:line:' so editors can jump there."""


@dataclass(frozen=True)
class Pattern:
    """One expected line: literal text interleaved with regexes and variables."""

    source: str
    parts: tuple[Part, ...]

    @property
    def literal(self) -> bool:
        return all(isinstance(p, str) for p in self.parts)

    @property
    def uses(self) -> list[str]:
        return [p.name for p in self.parts if isinstance(p, Use)]

    def match(self, line: str, bindings: dict[str, str]) -> dict[str, str] | None:
        """The variables bound by matching the whole `line`, or None if it does not match.

        A `[[VAR]]` refers to a binding earlier on the same line if there is one (a regex
        backreference), otherwise to `bindings` from earlier lines.
        """
        regex: list[str] = []
        groups: dict[str, str] = {}
        for k, part in enumerate(self.parts):
            if isinstance(part, str):
                regex.append(re.escape(part))
            elif isinstance(part, Regex):
                regex.append(f"(?:{part.regex})")
            elif isinstance(part, Bind):
                groups[part.name] = f"_v{k}"
                regex.append(f"(?P<_v{k}>{part.regex})")
            elif part.name in groups:
                regex.append(f"(?P={groups[part.name]})")
            elif part.name in bindings:
                regex.append(re.escape(bindings[part.name]))
            else:
                return None
        m = re.fullmatch("".join(regex), line)
        return None if m is None else {name: m.group(g) for name, g in groups.items()}


def _find_close(s: str, start: int, opener: str, closer: str) -> int:
    """Index of the `closer*2` that ends a pattern opened just before `start`, or -1.

    Backslash escapes are skipped and single brackets nest, so `{{\\d{3}}}` and
    `[[N:[0-9]]]` end where a reader expects.
    """
    depth, i = 0, start
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if depth == 0 and s.startswith(closer * 2, i):
            return i
        if s[i] == opener:
            depth += 1
        elif s[i] == closer and depth:
            depth -= 1
        i += 1
    return -1


def parse_pattern(source: str, where: str, defined: set[str]) -> Pattern:
    """Parses one expected line; `defined` holds variables bound so far and is updated.

    Errors (bad regex, unterminated pattern, use before binding) are reported now, with
    `where` ('path:line'), rather than as a confusing mismatch at run time.
    """
    parts: list[Part] = []
    literal: list[str] = []

    def regex_at(rx: str) -> str:
        try:
            re.compile(rx)
        except re.error as e:
            raise GoldenError(f"{where}: bad regex {rx!r}: {e}") from None
        return rx

    i = 0
    while i < len(source):
        opener = source[i : i + 2]
        if opener not in ("{{", "[["):
            literal.append(source[i])
            i += 1
            continue
        end = _find_close(source, i + 2, opener[0], "}" if opener == "{{" else "]")
        if end < 0:
            raise GoldenError(f"{where}: unterminated {opener}")
        body = source[i + 2 : end]
        if literal:
            parts.append("".join(literal))
            literal.clear()
        if opener == "{{":
            parts.append(Regex(regex_at(body)))
        else:
            m = _VAR_RE.fullmatch(body)
            if m is None:
                raise GoldenError(f"{where}: bad variable [[{body}]]")
            name, rx = m.groups()
            if rx is not None:
                parts.append(Bind(name, regex_at(rx)))
                defined.add(name)
            elif name in defined:
                parts.append(Use(name))
            else:
                raise GoldenError(f"{where}: [[{name}]] is used before it is bound")
        i = end + 2
    if literal:
        parts.append("".join(literal))
    return Pattern(source, tuple(parts))


def escape_literal(text: str) -> str:
    """Golden text that matches `text` literally: `{{` and `[[` become `{{\\{\\{}}`/`{{\\[\\[}}`."""
    return _OPENERS_RE.sub(lambda m: "{{" + re.escape(m.group()) + "}}", text)


# --------------------------------------------------------------------------- golden files


@dataclass(frozen=True)
class Typed:
    """A prompt line: the harness types `text`; `prompt + text` is the expected echo."""

    text: str
    line_no: int
    prompt: str

    @property
    def source(self) -> str:
        return self.prompt + self.text


@dataclass(frozen=True)
class Expect:
    """An expected output line."""

    pattern: Pattern
    line_no: int

    @property
    def source(self) -> str:
        return self.pattern.source


@dataclass(frozen=True)
class HostAction:
    """`@host TEXT`: something the driver does on the host at this point (not interpreted here)."""

    text: str
    line_no: int

    @property
    def source(self) -> str:
        return f"{HOST_PREFIX} {self.text}"


Step = Typed | Expect | HostAction


def _is_host(line: str) -> bool:
    return line == HOST_PREFIX or line.startswith(HOST_PREFIX + " ")


def _is_typed(line: str, prompt: str | None) -> bool:
    return prompt is not None and line.startswith(prompt) and len(line) > len(prompt)


@dataclass(frozen=True)
class Golden:
    """A parsed golden file."""

    path: str
    prompt: str | None
    header: list[str]
    steps: list[Step]
    line_count: int

    @staticmethod
    def parse(text: str, prompt: str | None, path: str = "<golden>") -> Golden:
        """Parses golden `text`. `prompt` (e.g. 'akuma:/> ') marks typed lines; None for
        test variants, which have no shell and type nothing."""
        lines = [line.rstrip(" \t\r") for line in text.split("\n")]
        if lines[-1] == "":
            lines.pop()
        n_header = 0
        while n_header < len(lines) and lines[n_header].startswith("#"):
            n_header += 1
        steps: list[Step] = []
        defined: set[str] = set()
        for line_no, line in enumerate(lines[n_header:], start=n_header + 1):
            if _is_host(line):
                action = line[len(HOST_PREFIX) :].strip()
                if not action:
                    raise GoldenError(f"{path}:{line_no}: empty {HOST_PREFIX} action")
                steps.append(HostAction(action, line_no))
            elif _is_typed(line, prompt):
                steps.append(Typed(line[len(prompt) :], line_no, prompt))
            else:
                steps.append(Expect(parse_pattern(line, f"{path}:{line_no}", defined), line_no))
        return Golden(path, prompt, lines[:n_header], steps, len(lines))

    @staticmethod
    def load(path: str | Path, prompt: str | None) -> Golden:
        return Golden.parse(Path(path).read_text(encoding="utf-8"), prompt, str(path))


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Block:
    """A step of a golden as a user sees it (and JUnit reports it): a typed command with its
    output, a host action with the output after it, or a block of a variant's output.

    `first`/`end` index `Golden.steps`. A variant's block is *named* by a line that ends in
    ':' followed by indented lines (`blocked in sleep:` and its `  ...` lines); other runs of
    a variant's lines are unnamed. Typed, host and named blocks can be selected by name
    (`--test_filter`); unnamed ones cannot.
    """

    name: str
    first: int
    end: int
    line_no: int
    selectable: bool


def _indented(text: str) -> bool:
    return text[:1] in (" ", "\t")


def _is_block_header(steps: Sequence[Step], i: int) -> bool:
    step, after = steps[i], steps[i + 1] if i + 1 < len(steps) else None
    return (isinstance(step, Expect) and not _indented(step.source) and step.source.endswith(":")
            and isinstance(after, Expect) and _indented(after.source))  # fmt: skip


def blocks(golden: Golden) -> list[Block]:
    """The golden cut into its blocks, in order; every step is in exactly one."""
    steps = golden.steps
    variant = golden.prompt is None
    starts: list[tuple[int, str, bool]] = []  # (first step, name, selectable)
    for i, step in enumerate(steps):
        if isinstance(step, Typed):
            starts.append((i, step.text, True))
        elif isinstance(step, HostAction):
            starts.append((i, step.source, True))
        elif variant and _is_block_header(steps, i):
            starts.append((i, step.source[:-1], True))
        elif i == 0 or (variant and starts and starts[-1][2] and isinstance(steps[starts[-1][0]], Expect)
                        and not _indented(step.source) and _indented(steps[i - 1].source)):  # fmt: skip
            starts.append((i, "", False))  # unnamed: the lines before the first block, or after a named one
    result = []
    for k, (first, name, selectable) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(steps)
        first_line, last_line = steps[first].line_no, steps[end - 1].line_no
        if not name:
            name = f"line {first_line}" if first_line == last_line else f"lines {first_line}-{last_line}"
        result.append(Block(name, first, end, first_line, selectable))
    return result


# --------------------------------------------------------------------------- mismatches

KIND_TEXT = {
    "mismatch": "the output differs from the golden",
    "missing": "the transcript ended before the golden did",
    "unexpected": "extra output after the end of the golden",
    "host": "a host action failed",
}
# Lines of the golden after the failing block that the diff compares too, and the most
# diff lines it shows past the block.
DIFF_LOOKAHEAD = 40
DIFF_TRAIL = 10


@dataclass
class Mismatch:
    """Where and how a transcript left its golden, and what to show for it.

    `steps` are the golden's steps from the start of the failing block on (the block is the
    first `block_len` of them, a few more follow for alignment); `got` the transcript lines
    from the start of that block on: those that matched, the failing one, and those that
    came after it (the driver keeps feeding, up to `keep` lines). `render` aligns the two.
    """

    kind: str
    path: str
    line_no: int
    transcript_line: int
    steps: list[Step]
    block_len: int
    got: list[str]
    keep: int
    bindings: dict[str, str]
    detail: str = ""

    def add_actual(self, line: str) -> None:
        if len(self.got) < self.keep:
            self.got.append(line)

    @property
    def expected(self) -> list[tuple[int, str]]:
        """The failing step and the rest of its block, as (golden line, source)."""
        first = next((k for k, s in enumerate(self.steps) if s.line_no == self.line_no), self.block_len)
        return [(s.line_no, s.source) for s in self.steps[first : max(self.block_len, first + 1)]]

    def render(self, color: bool = False, located: bool = True) -> str:
        """An aligned diff of the failing block against what came: ' ' a line that matched
        (with its golden line number), '-' a golden line that did not come, '+' a line that
        came instead. A one-line change is one '-' and one '+'. `located`: the first line
        names the golden file and line (a caller that already did says False)."""
        red, green, bold, off = ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m") if color else ("",) * 4
        where = f"transcript line {self.transcript_line}"
        if self.kind in ("missing", "host"):
            where = f"after transcript line {self.transcript_line}"
        width = len(str(max([self.line_no] + [s.line_no for s in self.steps])))
        place = f"{self.path}:{self.line_no}: {self.kind}: " if located else ""
        out = [f"{bold}{place}{KIND_TEXT[self.kind]} ({where}){off}",
               f"--- expected ({self.path})", "+++ got (transcript)"]  # fmt: skip
        rows = self._rows()
        # Past the block: up to the last change among the lines that came, and two lines more.
        last_got = max((k for k, r in enumerate(rows) if r[0] in "=+"), default=-1)
        changes = [k for k, r in enumerate(rows) if r[3] and k <= last_got and r[0] != "="]
        stop = min(changes[-1] + 3, last_got + 1) if changes else next((k for k, r in enumerate(rows) if r[3]), len(rows))
        shown_past = 0
        for k, (op, n, text, past) in enumerate(rows):
            if past and (k >= stop or shown_past == DIFF_TRAIL):
                rest = sum(1 for r in rows[k:] if r[0] == "+")
                if rest:
                    out.append(f"  {'':>{width}}  ... and {rest} more line{'s' if rest > 1 else ''} not in the golden")
                break
            shown_past += past
            if op == "+":
                out.append(f"{green}+ {'':>{width}}  {text}{off}")
            elif op == "-":
                out.append(f"{red}- {n:>{width}}  {text}{off}")
            else:
                out.append(f"  {n:>{width}}  {text}")
        if self.kind == "missing":
            out.append(f"{green}+ {'':>{width}}  <end of transcript>{off}")
        elif self.kind == "unexpected":
            out.append(f"  {'':>{width}}  (the golden ends at line {self.line_no})")
        if self.detail and self.kind != "host":
            out.append(self.detail)
        return "".join(line.rstrip() + "\n" for line in out)

    __str__ = render

    def _rows(self) -> list[tuple[str, int, str, bool]]:
        """The diff as rows (op, golden line, text, past the failing block): the aligned
        lines with the block's host actions in their places."""
        block_end = self.steps[self.block_len - 1].line_no if self.block_len else 0
        hosts = [s for s in self.steps if isinstance(s, HostAction) and s.line_no <= block_end]
        rows: list[tuple[str, int, str, bool]] = []
        past = False

        def add_hosts(before: float) -> None:
            while hosts and hosts[0].line_no < before:
                h = hosts.pop(0)
                failed = self.kind == "host" and h.line_no == self.line_no
                rows.append(("-" if failed else "=", h.line_no, h.source, False))
                if failed:
                    rows.append(("+", 0, f"{HOST_PREFIX}: {self.detail}", False))

        ops = _align([s for s in self.steps if not isinstance(s, HostAction)], self.got, self.bindings)
        # In a run of changes, a golden line past the block comes after the lines that came
        # instead: the block's own '-' lines, then the '+' lines, then the rest.
        key = lambda op: 0 if op[1] is not None and op[1].line_no <= block_end else 2 if op[1] else 1  # noqa: E731
        k = 0
        while k < len(ops):
            end = k
            while end < len(ops) and ops[end][0] != "=":
                end += 1
            ops[k:end] = sorted(ops[k:end], key=key)
            k = end + 1
        for op, step, text in ops:
            if step is not None:
                add_hosts(step.line_no)
                past = step.line_no > block_end
                rows.append((op, step.line_no, text if op == "=" else step.source, past))
            else:
                rows.append(("+", 0, text or "", past))
        add_hosts(float("inf"))
        return rows



Op = tuple[str, "Typed | Expect | None", "str | None"]


def _align(expected: Sequence[Step], got: Sequence[str], bindings: dict[str, str]) -> list[Op]:
    """The longest common subsequence of golden lines and transcript lines, a golden line
    matching a transcript line as the matcher would: ('=', step, line), ('-', step, None),
    ('+', None, line). Of equally long alignments it takes the one that matches a golden
    line as early as possible (the caller orders the '-' and '+' lines of a change)."""
    def matches(step: Step, line: str) -> bool:
        if isinstance(step, Typed):
            return line == step.source
        assert isinstance(step, Expect)
        return step.pattern.match(line, bindings) is not None

    n, m = len(expected), len(got)
    same = [[matches(expected[i], got[j]) for j in range(m)] for i in range(n)]
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            lcs[i][j] = lcs[i + 1][j + 1] + 1 if same[i][j] else max(lcs[i + 1][j], lcs[i][j + 1])
    ops: list[Op] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and same[i][j] and lcs[i][j] == lcs[i + 1][j + 1] + 1:
            ops.append(("=", expected[i], got[j]))  # type: ignore[arg-type]
            i, j = i + 1, j + 1
        elif i < n and (j == m or lcs[i + 1][j] > lcs[i][j + 1]):
            ops.append(("-", expected[i], None))  # type: ignore[arg-type]
            i += 1
        else:
            ops.append(("+", None, got[j]))
            j += 1
    return ops


# --------------------------------------------------------------------------- matching

HostCallback = Callable[[HostAction], str | None]


class Matcher:
    """Strict, incremental matching of transcript lines against a golden.

    Every line must match the next step, in order. Host actions run (via `on_host`) as soon
    as the line before them matched; the callback returns None on success or a description
    of what happened instead. After the first failure the matcher is stuck: it keeps the
    failure, and further lines only go to its diff. `on_advance(position)` is called each
    time a step is done (the driver times the blocks with it).
    """

    def __init__(self, golden: Golden, on_host: HostCallback | None = None,
                 on_advance: Callable[[int], None] | None = None, keep: int = 200) -> None:  # fmt: skip
        if on_host is None and any(isinstance(s, HostAction) for s in golden.steps):
            raise ValueError(f"{golden.path}: has {HOST_PREFIX} lines but no host-action driver")
        self.golden = golden
        self.blocks = blocks(golden)
        self.bindings: dict[str, str] = {}
        self.failure: Mismatch | None = None
        self._on_host = on_host
        self._on_advance = on_advance
        self._keep = keep
        self._block_at = [k for k, b in enumerate(self.blocks) for _ in range(b.first, b.end)]
        self._pos = 0
        self._lines = 0
        self._block_lines: list[str] = []  # the transcript lines of the current block
        self._run_host_actions()

    @property
    def position(self) -> int:
        """How many steps are done."""
        return self._pos

    def block_index(self) -> int:
        """The block the next step belongs to (len(blocks) when all are done)."""
        return self._block_at[self._pos] if self._pos < len(self._block_at) else len(self.blocks)

    def peek(self) -> Step | None:
        """The next step to match (a `Typed` means: wait for the prompt, then type)."""
        steps = self.golden.steps
        return steps[self._pos] if self.failure is None and self._pos < len(steps) else None

    def feed_line(self, line: str) -> Mismatch | None:
        """Matches one normalised transcript line (see `LineBuffer`, `split_lines`)."""
        if self.failure is not None:
            self.failure.add_actual(line)
            return self.failure
        self._lines += 1
        step = self.peek()
        if step is None:
            return self._fail("unexpected", line)
        if isinstance(step, Typed):
            bound = {} if line == step.source else None
        else:
            assert isinstance(step, Expect)
            bound = step.pattern.match(line, self.bindings)
        if bound is None:
            return self._fail("mismatch", line)
        self.bindings.update(bound)
        self._block_lines.append(line)
        self._advance()
        self._run_host_actions()
        return self.failure

    def expect_end(self) -> Mismatch | None:
        """The transcript ended: anything left in the golden is missing."""
        if self.failure is None and self._pos < len(self.golden.steps):
            return self._fail("missing", None)
        return self.failure

    def _advance(self) -> None:
        self._pos += 1
        if self._pos < len(self._block_at) and self.blocks[self._block_at[self._pos]].first == self._pos:
            self._block_lines = []
        if self._on_advance is not None:
            self._on_advance(self._pos)

    def _run_host_actions(self) -> None:
        steps = self.golden.steps
        while self.failure is None and self._pos < len(steps) and isinstance(steps[self._pos], HostAction):
            step = steps[self._pos]
            assert isinstance(step, HostAction) and self._on_host is not None
            problem = self._on_host(step)
            if problem is not None:
                self._fail("host", None, problem)
                return
            self._advance()

    def _fail(self, kind: str, line: str | None, detail: str = "") -> Mismatch:
        steps = self.golden.steps
        if self._pos < len(steps):
            block = self.blocks[self._block_at[self._pos]]
            step: Step | None = steps[self._pos]
        else:  # past the end of the golden: the last block is the one the extra output follows
            block = self.blocks[-1] if self.blocks else Block("", 0, 0, 0, False)
            step = None
        if kind == "mismatch" and isinstance(step, Expect):
            used = [f"[[{v}]] = {self.bindings[v]!r}" for v in dict.fromkeys(step.pattern.uses) if v in self.bindings]
            detail = "where " + ", ".join(used) if used else ""
        got = list(self._block_lines) if block.end > self._pos or step is None else []
        self.failure = Mismatch(
            kind=kind,
            path=self.golden.path,
            line_no=step.line_no if step else self.golden.line_count,
            transcript_line=self._lines,
            steps=list(steps[block.first : min(len(steps), block.end + DIFF_LOOKAHEAD)]),
            block_len=block.end - block.first,
            got=got + ([] if line is None else [line]),
            keep=self._keep,
            bindings=dict(self.bindings),
            detail=detail,
        )
        return self.failure


def match_transcript(golden: Golden, transcript: str, on_host: HostCallback | None = None) -> Mismatch | None:
    """One-shot match of a whole transcript (test variants); None means it matched."""
    matcher = Matcher(golden, on_host)
    for line in split_lines(transcript):
        matcher.feed_line(line)
    return matcher.expect_end()


# --------------------------------------------------------------------------- .update


def _literal_line(line: str, prompt: str | None, first: bool) -> str:
    """Golden text matching `line` literally, also when it looks like a header, a host
    action or a typed line (its first character then becomes a one-character regex)."""
    text = escape_literal(line)
    if _is_host(text) or _is_typed(text, prompt) or (first and text.startswith("#")):
        text = "{{" + re.escape(text[0]) + "}}" + text[1:]
    return text


def render_golden(
    transcript: str,
    prompt: str | None,
    typed_lines: Collection[int],
    host_actions: Sequence[tuple[int, str]],
    header: Sequence[str],
    old: Golden | None = None,
    proposals: Mapping[int, str] | None = None,
    others: Mapping[int, Sequence[str]] | None = None,
    where: dict[int, int] | None = None,
) -> str:
    """A fresh golden for `transcript` (what `.update` writes).

    `typed_lines` are the indices (0-based, into `split_lines(transcript)`) of the lines the
    driver typed; `host_actions` are (index of the transcript line that came next, action
    text without '@host'). Where the `old` golden had a `{{...}}`/`[[...]]` line at the same
    position and it still matches (also the `others` texts other runs gave for that line),
    that line is kept, so hand-written patterns survive; otherwise a line with an entry in
    `proposals` (variance.py: a pattern for numbers that varied between runs) gets it.
    `where`, if given, is filled with the golden line number of each transcript line.
    """
    lines = split_lines(transcript)
    old_lines = [s for s in old.steps if not isinstance(s, HostAction)] if old else []
    actions = sorted(host_actions, key=lambda a: a[0])
    out = list(header)
    bindings: dict[str, str] = {}
    a = 0
    for i, line in enumerate(lines):
        while a < len(actions) and actions[a][0] <= i:
            out.append(f"{HOST_PREFIX} {actions[a][1]}")
            a += 1
        first = len(out) == len(header)
        if where is not None:
            where[i] = len(out) + 1
        if i in typed_lines and _is_typed(line, prompt):
            out.append(line)
            continue
        step = old_lines[i] if i < len(old_lines) else None
        bound = None
        if isinstance(step, Expect) and not step.pattern.literal and not (first and step.source.startswith("#")):
            bound = step.pattern.match(line, bindings)
            alike = bound is not None and all(step.pattern.match(v, bindings) is not None for v in (others or {}).get(i, ()))
            bound = bound if alike else None
        if bound is not None:
            bindings.update(bound)
            out.append(step.source)
        elif proposals and i in proposals:
            proposal = proposals[i]
            if _is_host(proposal) or _is_typed(proposal, prompt) or (first and proposal.startswith("#")):
                proposal = "{{" + re.escape(proposal[0]) + "}}" + proposal[1:]
            out.append(proposal)
        else:
            out.append(_literal_line(line, prompt, first))
    out += [f"{HOST_PREFIX} {text}" for _, text in actions[a:]]
    return "".join(line + "\n" for line in out)
