#!/usr/bin/python3
"""lcov tracefiles for Akuma/C++: Bazel's coverage merger, its report generator, and the
per-directory table of tools/coverage.sh. Offline and from Debian's python3 alone.

Bazel 4.2.3 runs every test under `bazel coverage` through its collect_coverage.sh, which
hands the test's coverage directory to @remote_coverage_tools//:lcov_merger and, with
`--combined_report=lcov`, every test's tracefile to :coverage_report_generator. The real
ones are a Java tool Bazel would download; these are this script:

    lcov.py --coverage_dir=DIR --output_file=FILE [--filter_sources=REGEX]...   (merger)
    lcov.py --reports_file=LIST --output_file=FILE                              (generator)

The merger takes what a test left in DIR: lcov tracefiles (`*.dat`: llvm-cov's export, or
the runner's for a kernel's profile) and gcc's `*.gcov.json.gz` (collect_cc_coverage.sh runs
`gcov -i` on the host tests' .gcda files), and writes their union as one tracefile. The
generator merges the tests' tracefiles into one.

    lcov.py table [--qemu FILE]... [--host FILE]... [--exclude REGEX]... [--combined FILE]

prints the per-directory table: lines of the code run in QEMU (the kernel and user programs,
clang's source-based coverage), of the host unit tests (gcc's gcov), of both together, and
branches of each (their branch counts are not comparable, so they are not added up).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# Paths the compilers record are relative to the execroot, sometimes behind these.
_PREFIXES = re.compile(r"^(/proc/self/cwd/|\./)+")
# Branch ids from gcov are offset by this in a tracefile that also holds llvm's, so that
# the two numberings never merge into one branch.
GCOV_BLOCK_OFFSET = 100000


@dataclass
class FileCoverage:
    lines: dict[int, int] = field(default_factory=dict)
    branches: dict[tuple[int, int, int], int | None] = field(default_factory=dict)  # None: never reached
    functions: dict[str, list[int]] = field(default_factory=dict)  # name -> [line, count]

    def add_line(self, line: int, count: int) -> None:
        self.lines[line] = self.lines.get(line, 0) + count

    def add_branch(self, key: tuple[int, int, int], count: int | None) -> None:
        old = self.branches.get(key)
        self.branches[key] = count if old is None else old + (count or 0)

    def add_function(self, name: str, line: int, count: int) -> None:
        entry = self.functions.setdefault(name, [line, 0])
        entry[1] += count

    def merge(self, other: FileCoverage) -> None:
        for line, count in other.lines.items():
            self.add_line(line, count)
        for key, count in other.branches.items():
            self.add_branch(key, count)
        for name, (line, count) in other.functions.items():
            self.add_function(name, line, count)


Coverage = dict[str, FileCoverage]


def normalize(path: str) -> str:
    return _PREFIXES.sub("", path)


def parse_lcov(text: str) -> Coverage:
    cov: Coverage = {}
    current: FileCoverage | None = None
    fn_lines: dict[str, int] = {}
    for raw in text.splitlines():
        tag, _, value = raw.strip().partition(":")
        if tag == "SF":
            current = cov.setdefault(normalize(value), FileCoverage())
            fn_lines = {}
        elif current is None:
            continue
        elif tag == "DA":
            line, count = value.split(",")[:2]
            current.add_line(int(line), int(count))
        elif tag == "BRDA":
            line, block, branch, taken = value.split(",")
            current.add_branch((int(line), int(block), int(branch)), None if taken == "-" else int(taken))
        elif tag == "FN":
            line, name = value.split(",", 1)
            fn_lines[name] = int(line)
            current.functions.setdefault(name, [int(line), 0])
        elif tag == "FNDA":
            count, name = value.split(",", 1)
            current.add_function(name, fn_lines.get(name, 0), int(count))
        elif tag == "end_of_record":
            current = None
    return cov


def parse_gcov_json(data: dict, block_offset: int = GCOV_BLOCK_OFFSET) -> Coverage:
    """gcc's `gcov --json-format` (format 1): lines with counts and branches."""
    cov: Coverage = {}
    for f in data.get("files", []):
        fc = cov.setdefault(normalize(f["file"]), FileCoverage())
        for fn in f.get("functions", []):
            fc.add_function(fn.get("demangled_name") or fn["name"], fn["start_line"], fn["execution_count"])
        for ln in f.get("lines", []):
            fc.add_line(ln["line_number"], ln["count"])
            for k, br in enumerate(ln.get("branches", [])):
                if br.get("throw"):
                    continue
                fc.add_branch((ln["line_number"], block_offset, k), br["count"] if ln["count"] else None)
    return cov


def merge_into(total: Coverage, more: Coverage) -> None:
    for path, fc in more.items():
        total.setdefault(path, FileCoverage()).merge(fc)


def render_lcov(cov: Coverage) -> str:
    out = []
    for path in sorted(cov):
        fc = cov[path]
        out.append(f"SF:{path}")
        for name, (line, _) in sorted(fc.functions.items(), key=lambda kv: (kv[1][0], kv[0])):
            out.append(f"FN:{line},{name}")
        for name, (_, count) in sorted(fc.functions.items(), key=lambda kv: (kv[1][0], kv[0])):
            out.append(f"FNDA:{count},{name}")
        out.append(f"FNF:{len(fc.functions)}")
        out.append(f"FNH:{sum(1 for _, c in fc.functions.values() if c)}")
        for (line, block, branch), taken in sorted(fc.branches.items()):
            out.append(f"BRDA:{line},{block},{branch},{'-' if taken is None else taken}")
        out.append(f"BRF:{len(fc.branches)}")
        out.append(f"BRH:{sum(1 for t in fc.branches.values() if t)}")
        for line, count in sorted(fc.lines.items()):
            out.append(f"DA:{line},{count}")
        out.append(f"LF:{len(fc.lines)}")
        out.append(f"LH:{sum(1 for c in fc.lines.values() if c)}")
        out.append("end_of_record")
    return "\n".join(out) + ("\n" if out else "")


def keep(path: str, filters: list[re.Pattern[str]]) -> bool:
    """Sources of this repository only: not the system's, not external repositories'."""
    return not path.startswith("/") and not any(f.match(path) for f in filters)


def collect_dir(directory: Path, output: Path | None, filters: list[re.Pattern[str]]) -> Coverage:
    total: Coverage = {}
    for path in sorted(directory.rglob("*")):
        if output is not None and path.resolve() == output.resolve():
            continue
        if path.name.endswith(".gcov.json.gz"):
            with gzip.open(path, "rt") as f:
                merge_into(total, parse_gcov_json(json.load(f)))
        elif path.suffix in (".dat", ".info") and path.is_file():
            merge_into(total, parse_lcov(path.read_text(errors="replace")))
    return {p: fc for p, fc in total.items() if keep(p, filters)}


# --------------------------------------------------------------------------- the table


@dataclass
class Tally:
    hit: int = 0
    total: int = 0

    def add(self, hit: int, total: int) -> None:
        self.hit += hit
        self.total += total

    def cell(self) -> str:
        if self.total == 0:
            return "-"
        return f"{100.0 * self.hit / self.total:5.1f}% {self.hit:>5}/{self.total:<5}"


def line_tally(fc: FileCoverage | None) -> tuple[int, int]:
    if fc is None:
        return 0, 0
    return sum(1 for c in fc.lines.values() if c), len(fc.lines)


def branch_tally(fc: FileCoverage | None) -> tuple[int, int]:
    if fc is None:
        return 0, 0
    return sum(1 for t in fc.branches.values() if t), len(fc.branches)


def table(qemu: Coverage, host: Coverage) -> list[str]:
    columns = ["lines, QEMU", "lines, host", "lines, both", "branches, QEMU", "branches, host"]
    rows: dict[str, list[Tally]] = defaultdict(lambda: [Tally() for _ in columns])
    for path in sorted(set(qemu) | set(host)):
        directory = os.path.dirname(path) or "."
        q, h = qemu.get(path), host.get(path)
        both = FileCoverage()
        for part in (q, h):
            if part is not None:
                for line, count in part.lines.items():
                    both.add_line(line, count)
        tallies = [line_tally(q), line_tally(h), line_tally(both), branch_tally(q), branch_tally(h)]
        for row in (rows[directory], rows["TOTAL"]):
            for tally, (hit, total) in zip(row, tallies):
                tally.add(hit, total)
    width = max([len(d) for d in rows] + [9])
    head = f"{'directory':<{width}}  " + "  ".join(f"{c:<19}" for c in columns)
    out = [head, "-" * len(head)]
    for directory in sorted(d for d in rows if d != "TOTAL"):
        out.append(f"{directory:<{width}}  " + "  ".join(f"{t.cell():<19}" for t in rows[directory]))
    out.append("-" * len(head))
    out.append(f"{'TOTAL':<{width}}  " + "  ".join(f"{t.cell():<19}" for t in rows["TOTAL"]))
    return out


def read_tracefiles(paths: list[str]) -> Coverage:
    total: Coverage = {}
    for p in paths:
        merge_into(total, parse_lcov(Path(p).read_text(errors="replace")))
    return total


def main(argv: list[str]) -> int:
    if argv and argv[0] == "table":
        p = argparse.ArgumentParser(prog="lcov.py table")
        p.add_argument("--qemu", action="append", default=[], help="tracefile of the code run in QEMU")
        p.add_argument("--host", action="append", default=[], help="tracefile of the host unit tests")
        p.add_argument("--combined", help="also write QEMU's and the host's union here (for genhtml)")
        p.add_argument("--exclude", action="append", default=[], help="leave out sources this regex finds")
        a = p.parse_args(argv[1:])
        excluded = [re.compile(x) for x in a.exclude]
        qemu, host = read_tracefiles(a.qemu), read_tracefiles(a.host)
        qemu = {k: v for k, v in qemu.items() if not any(x.search(k) for x in excluded)}
        host = {k: v for k, v in host.items() if not any(x.search(k) for x in excluded)}
        print("\n".join(table(qemu, host)))
        if a.combined:
            both: Coverage = {}
            merge_into(both, qemu)
            merge_into(both, host)
            Path(a.combined).write_text(render_lcov(both))
        return 0
    # Bazel's interfaces: flags it passes that this script does not need are accepted.
    p = argparse.ArgumentParser(prog="lcov.py")
    p.add_argument("--coverage_dir")
    p.add_argument("--reports_file")
    p.add_argument("--output_file", required=True)
    p.add_argument("--filter_sources", action="append", default=[])
    a, _ = p.parse_known_args(argv)
    filters = [re.compile(f) for f in a.filter_sources]
    output = Path(a.output_file)
    total: Coverage = {}
    if a.coverage_dir:
        merge_into(total, collect_dir(Path(a.coverage_dir), output, filters))
    if a.reports_file:
        for line in Path(a.reports_file).read_text().splitlines():
            if line.strip() and Path(line.strip()).is_file():
                merge_into(total, parse_lcov(Path(line.strip()).read_text(errors="replace")))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_lcov({k: v for k, v in total.items() if keep(k, filters)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
