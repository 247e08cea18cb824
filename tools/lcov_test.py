"""tools/workspace/remote_coverage_tools/lcov.py: tracefiles parsed, merged and written,
gcc's JSON converted, Bazel's merger interface, and the per-directory table."""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
import unittest
from pathlib import Path


def _load_lcov():
    for base in (os.environ.get("TEST_SRCDIR", ""), "."):
        for candidate in (Path(base) / "remote_coverage_tools", Path(base) / "external/remote_coverage_tools",
                          Path("tools/workspace/remote_coverage_tools")):  # fmt: skip
            if (candidate / "lcov.py").exists():
                sys.path.insert(0, str(candidate))
                import lcov  # noqa: PLC0415

                return lcov
    raise ImportError("lcov.py not found in the runfiles")


lcov = _load_lcov()

LLVM = """SF:/proc/self/cwd/kernel/a.cc
FN:3,f
FNDA:2,f
BRDA:4,0,0,2
BRDA:4,0,1,0
DA:3,2
DA:4,2
DA:5,0
end_of_record
"""

GCOV = {
    "files": [{
        "file": "kernel/a.cc",
        "functions": [{"name": "_Z1fv", "demangled_name": "f()", "start_line": 3, "execution_count": 1}],
        "lines": [
            {"line_number": 5, "count": 1, "branches": [{"count": 1, "throw": False}, {"count": 0, "throw": False}]},
            {"line_number": 6, "count": 0, "branches": []},
        ],
    }, {"file": "/usr/include/c++/12/vector", "functions": [], "lines": [{"line_number": 1, "count": 1}]}],
}


class LcovTest(unittest.TestCase):
    def test_parse_normalizes_paths_and_roundtrips(self) -> None:
        cov = lcov.parse_lcov(LLVM)
        self.assertEqual(list(cov), ["kernel/a.cc"])
        fc = cov["kernel/a.cc"]
        self.assertEqual(fc.lines, {3: 2, 4: 2, 5: 0})
        self.assertEqual(fc.branches, {(4, 0, 0): 2, (4, 0, 1): 0})
        self.assertEqual(lcov.parse_lcov(lcov.render_lcov(cov))["kernel/a.cc"].lines, fc.lines)
        self.assertIn("LH:2", lcov.render_lcov(cov))

    def test_gcov_json_branches_never_merge_with_llvms(self) -> None:
        cov = lcov.parse_lcov(LLVM)
        lcov.merge_into(cov, lcov.parse_gcov_json(GCOV))
        fc = cov["kernel/a.cc"]
        self.assertEqual(fc.lines, {3: 2, 4: 2, 5: 1, 6: 0})
        self.assertEqual(len(fc.branches), 4)
        self.assertEqual(fc.branches[(5, lcov.GCOV_BLOCK_OFFSET, 0)], 1)
        self.assertIn("/usr/include/c++/12/vector", lcov.parse_gcov_json(GCOV))

    def test_bazel_merger_interface_keeps_only_this_repositorys_sources(self) -> None:
        with tempfile.TemporaryDirectory(dir=os.environ.get("TEST_TMPDIR")) as tmp:
            d = Path(tmp)
            (d / "_cc_coverage.dat").write_text(LLVM)
            with gzip.open(d / "x.gcov.json.gz", "wt") as f:
                json.dump(GCOV, f)
            out = d / "out" / "coverage.dat"
            lcov.main([f"--coverage_dir={d}", f"--output_file={out}", "--filter_sources=/usr/.+",
                       "--source_file_manifest=ignored"])  # fmt: skip
            merged = lcov.parse_lcov(out.read_text())
            self.assertEqual(list(merged), ["kernel/a.cc"])
            self.assertEqual(merged["kernel/a.cc"].lines[5], 1)
            reports = d / "reports.txt"
            reports.write_text(f"{out}\n{out}\n")
            combined = d / "combined.dat"
            lcov.main([f"--reports_file={reports}", f"--output_file={combined}"])
            self.assertEqual(lcov.parse_lcov(combined.read_text())["kernel/a.cc"].lines[3], 4)

    def test_table_per_directory(self) -> None:
        qemu = lcov.parse_lcov(LLVM)
        host = lcov.parse_gcov_json(GCOV)
        rows = lcov.table(qemu, {k: v for k, v in host.items() if not k.startswith("/")})
        kernel = next(r for r in rows if r.startswith("kernel "))
        # QEMU: 2 of 3 lines, host: 1 of 2, both: lines 3, 4, 5 of 4; branches 1/2 and 1/2.
        self.assertEqual(kernel.split()[1:4], ["66.7%", "2/3", "50.0%"])
        self.assertIn("75.0%", kernel)
        self.assertTrue(rows[-1].startswith("TOTAL"))

    def test_table_command_leaves_out_what_exclude_finds(self) -> None:
        with tempfile.TemporaryDirectory(dir=os.environ.get("TEST_TMPDIR")) as tmp:
            trace = Path(tmp) / "q.info"
            trace.write_text(LLVM + LLVM.replace("kernel/a.cc", "kernel/tests/t.cc"))
            combined = Path(tmp) / "all.info"
            lcov.main(["table", "--qemu", str(trace), "--exclude", "(^|/)tests/", "--combined", str(combined)])
            self.assertEqual(list(lcov.parse_lcov(combined.read_text())), ["kernel/a.cc"])


if __name__ == "__main__":
    unittest.main()
