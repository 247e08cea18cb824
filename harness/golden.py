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
from collections.abc import Callable, Collection, Sequence
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


# --------------------------------------------------------------------------- mismatches

KIND_TEXT = {
    "mismatch": "the output differs from the golden",
    "missing": "the transcript ended before the golden did",
    "unexpected": "extra output after the end of the golden",
    "host": "a host action failed",
}


@dataclass
class Mismatch:
    """Where and how a transcript left its golden, with enough context to read at a glance.

    `expected` is the failing golden step and the few after it, as (golden line, source);
    `actual` the failing transcript line and those after it (grown while the driver keeps
    feeding, up to `keep` lines); `context` the last matched lines before the failure.
    """

    kind: str
    path: str
    line_no: int
    transcript_line: int
    context: list[tuple[int, str]]
    expected: list[tuple[int, str]]
    actual: list[str]
    keep: int
    detail: str = ""

    def add_actual(self, line: str) -> None:
        if len(self.actual) < self.keep:
            self.actual.append(line)

    def render(self, color: bool = False) -> str:
        """The annotated diff: '-' is the golden, '+' what the kernel printed."""
        red, green, bold, off = ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m") if color else ("",) * 4
        where = f"transcript line {self.transcript_line}"
        if self.kind in ("missing", "host"):
            where = f"after transcript line {self.transcript_line}"
        head = f"{self.path}:{self.line_no}: {self.kind}: {KIND_TEXT[self.kind]} ({where})"
        width = len(str(max([self.line_no] + [n for n, _ in self.context + self.expected])))
        out = [f"{bold}{head}{off}", f"--- expected ({self.path})", "+++ got (transcript)"]
        out += [f"  {n:>{width}}  {text}" for n, text in self.context]
        out += [f"{red}- {n:>{width}}  {text}{off}" for n, text in self.expected]
        if not self.expected:
            out.append(f"{red}- {'':>{width}}  <end of golden>{off}")
        got = list(self.actual)
        if self.kind == "host":
            got.insert(0, f"{HOST_PREFIX}: {self.detail}")
        elif self.kind == "missing" and not got:
            got = ["<end of transcript>"]
        out += [f"{green}+ {'':>{width}}  {text}{off}" for text in got]
        if self.detail and self.kind != "host":
            out.append(self.detail)
        return "".join(line.rstrip() + "\n" for line in out)

    __str__ = render


# --------------------------------------------------------------------------- matching

HostCallback = Callable[[HostAction], str | None]


class Matcher:
    """Strict, incremental matching of transcript lines against a golden.

    Every line must match the next step, in order. Host actions run (via `on_host`) as soon
    as the line before them matched; the callback returns None on success or a description
    of what happened instead. After the first failure the matcher is stuck: it keeps the
    failure, and further lines only become trailing context of its diff.
    """

    def __init__(self, golden: Golden, on_host: HostCallback | None = None, context: int = 3) -> None:
        if on_host is None and any(isinstance(s, HostAction) for s in golden.steps):
            raise ValueError(f"{golden.path}: has {HOST_PREFIX} lines but no host-action driver")
        self.golden = golden
        self.bindings: dict[str, str] = {}
        self.failure: Mismatch | None = None
        self._on_host = on_host
        self._context = context
        self._pos = 0
        self._lines = 0
        self._seen: deque[tuple[int, str]] = deque(maxlen=context)
        self._run_host_actions()

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
        self._seen.append((step.line_no, line))
        self._pos += 1
        self._run_host_actions()
        return self.failure

    def expect_end(self) -> Mismatch | None:
        """The transcript ended: anything left in the golden is missing."""
        if self.failure is None and self._pos < len(self.golden.steps):
            return self._fail("missing", None)
        return self.failure

    def _run_host_actions(self) -> None:
        steps = self.golden.steps
        while self.failure is None and self._pos < len(steps) and isinstance(steps[self._pos], HostAction):
            step = steps[self._pos]
            assert isinstance(step, HostAction) and self._on_host is not None
            problem = self._on_host(step)
            if problem is not None:
                self._fail("host", None, problem)
                return
            self._seen.append((step.line_no, step.source))
            self._pos += 1

    def _fail(self, kind: str, line: str | None, detail: str = "") -> Mismatch:
        steps = self.golden.steps[self._pos : self._pos + self._context + 1]
        step = steps[0] if steps else None
        if kind == "mismatch" and isinstance(step, Expect):
            used = [f"[[{v}]] = {self.bindings[v]!r}" for v in dict.fromkeys(step.pattern.uses) if v in self.bindings]
            detail = "where " + ", ".join(used) if used else ""
        self.failure = Mismatch(
            kind=kind,
            path=self.golden.path,
            line_no=step.line_no if step else self.golden.line_count,
            transcript_line=self._lines,
            context=list(self._seen),
            expected=[(s.line_no, s.source) for s in steps],
            actual=[] if line is None else [line],
            keep=self._context + 1,
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
) -> str:
    """A fresh golden for `transcript` (what `.update` writes).

    `typed_lines` are the indices (0-based, into `split_lines(transcript)`) of the lines the
    driver typed; `host_actions` are (index of the transcript line that came next, action
    text without '@host'). Where the `old` golden had a `{{...}}`/`[[...]]` line at the same
    position and it still matches, that line is kept, so hand-written patterns survive.
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
        if i in typed_lines and _is_typed(line, prompt):
            out.append(line)
            continue
        step = old_lines[i] if i < len(old_lines) else None
        bound = None
        if isinstance(step, Expect) and not step.pattern.literal and not (first and step.source.startswith("#")):
            bound = step.pattern.match(line, bindings)
        if bound is None:
            out.append(_literal_line(line, prompt, first))
        else:
            bindings.update(bound)
            out.append(step.source)
    out += [f"{HOST_PREFIX} {text}" for _, text in actions[a:]]
    return "".join(line + "\n" for line in out)
